// Each test runs a whole cluster of processes: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
