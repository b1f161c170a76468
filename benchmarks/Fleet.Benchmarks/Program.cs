using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Fleet.Benchmarks.PlannerBenchmarks).Assembly).Run(args);
