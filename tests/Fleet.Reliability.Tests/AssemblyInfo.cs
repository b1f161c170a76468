// Each test runs a cluster (in-process or as processes) on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
