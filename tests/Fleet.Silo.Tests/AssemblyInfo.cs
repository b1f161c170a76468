// Each fixture runs a whole silo (and some a browser or Redis): running them side by side on 2 cores only slows all of them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
