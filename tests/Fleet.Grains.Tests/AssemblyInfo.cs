// Each fixture runs whole Orleans clusters and an emulator: running them side by side on 2 cores only slows all of them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
