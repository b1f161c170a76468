// One moto_server and its silos at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
