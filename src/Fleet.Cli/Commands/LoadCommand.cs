using System.CommandLine;
using Amazon.EC2;
using Fleet.Cli.Load;
using Fleet.Cli.Output;
using Fleet.Client;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet load</c>: N simulated node agents report demand to the cluster. By default each agent reports every
/// <c>--interval</c> with a live display; <c>--throughput</c> instead drives reports as fast as the silo answers them,
/// through the Orleans client or over HTTP (<c>--via</c>), and prints reports per second and latency percentiles.
/// <c>--launch</c> launches the instances first and terminates them when the run ends or is interrupted, unless <c>--keep</c>.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter output)
    {
        var nodes = new Option<int>("--nodes") { Description = "Agents (nodes) to run", DefaultValueFactory = _ => 20 };
        var launch = new Option<bool>("--launch") { Description = "Launch the instances first (RunInstances); otherwise use running ones" };
        var keep = new Option<bool>("--keep") { Description = "Leave the instances --launch launched running at the end (default: terminate them)" };
        var type = new Option<string>("--instance-type") { Description = "Instance type to launch", DefaultValueFactory = _ => "m5.large" };
        var endpoint = new Option<string>("--ec2-endpoint") { Description = "EC2 endpoint to find or launch instances", DefaultValueFactory = _ => "http://127.0.0.1:4566/" };
        var region = new Option<string>("--region") { Description = "AWS region", DefaultValueFactory = _ => "us-east-1" };
        var duration = DurationOption.Create("--duration", "How long to run (0: until Ctrl-C; with --throughput: the measured window)", TimeSpan.FromMinutes(1));
        var interval = DurationOption.Create("--interval", "Time between an agent's reports", TimeSpan.FromSeconds(2));
        var maxPods = new Option<int>("--max-pods") { Description = "Most pods an agent runs", DefaultValueFactory = _ => 80 };
        var seed = new Option<int>("--seed") { Description = "Seed of the agents' random walks", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print only a JSON summary at the end" };
        var throughput = new Option<bool>("--throughput") { Description = "Report as fast as the silo answers and measure reports/s and latency" };
        var via = new Option<string>("--via") { Description = "With --throughput: orleans (the gateway) or http (the API)", DefaultValueFactory = _ => "orleans" };
        via.AcceptOnlyFromAmong("orleans", "http");
        var concurrency = new Option<int>("--concurrency") { Description = "With --throughput: reports in flight", DefaultValueFactory = _ => 64 };
        var warmup = DurationOption.Create("--warmup", "With --throughput: unmeasured reporting before the window", TimeSpan.FromSeconds(5));
        var changeRate = new Option<double>("--change-rate") { Description = "With --throughput: fraction of reports that change demand", DefaultValueFactory = _ => 0.1 };
        var http = new Option<string>("--http") { Description = "With --via http: the silo's HTTP address", DefaultValueFactory = _ => "http://127.0.0.1:8080/" };
        var token = new Option<string?>("--token") { Description = "With --via http: the silo's bearer token (default $FLEET_TOKEN)" };
        var memory = new Option<bool>("--memory") { Description = "Report 10 used for each node, then measure the silo's managed bytes per node grain (one silo)" };
        var connection = new ConnectionOptions();
        var command = new Command("load", "Drive simulated node agents against the cluster, or measure report throughput (--throughput)")
        {
            nodes, launch, keep, type, endpoint, region, duration, interval, maxPods, seed, json, throughput, via, concurrency, warmup, changeRate, http, token, memory,
        };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var (count, every, limit) = (parse.GetValue(nodes), parse.GetValue(interval), parse.GetValue(duration));
            if (count is < 1 or > 100_000 || every < TimeSpan.FromMilliseconds(100) || limit < TimeSpan.Zero || parse.GetValue(maxPods) < 1
                || parse.GetValue(concurrency) is < 1 or > 4096 || parse.GetValue(changeRate) is < 0 or > 1 || (parse.GetValue(throughput) && limit == TimeSpan.Zero)
                || !Uri.TryCreate(parse.GetValue(http), UriKind.Absolute, out var silo) || silo.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync("error: --nodes must be 1–100000, --interval at least 100 ms, --duration 0 or more (more than 0 with " +
                                           "--throughput), --max-pods at least 1, --concurrency 1–4096, --change-rate 0–1, --http an http(s) URL");
                return ExitCodes.Error;
            }

            using var ec2 = LoadInstances.Client(parse.GetValue(endpoint)!, parse.GetValue(region)!);
            var launched = new List<string>();
            try
            {
                IReadOnlyList<string> instances;
                try
                {
                    if (parse.GetValue(launch))
                    {
                        launched.AddRange(await LoadInstances.LaunchAsync(ec2, count, parse.GetValue(type)!, cancellationToken));
                        instances = launched;
                    }
                    else
                    {
                        instances = await LoadInstances.RunningAsync(ec2, count, cancellationToken);
                    }
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or InvalidOperationException)
                {
                    await error.WriteLineAsync($"error: cannot get instances from EC2 at {parse.GetValue(endpoint)}: {e.Message}");
                    return ExitCodes.Error;
                }

                if (instances.Count == 0)
                {
                    await error.WriteLineAsync("error: no running instances found; pass --launch to launch some");
                    return ExitCodes.Error;
                }

                if (parse.GetValue(memory))
                {
                    return await MemoryAsync(parse, output, instances, connection, parse.GetValue(concurrency), cancellationToken);
                }

                return parse.GetValue(throughput)
                    ? await ThroughputAsync(parse, output, instances, connection,
                        new ThroughputOptions(parse.GetValue(concurrency), parse.GetValue(warmup), limit, parse.GetValue(changeRate), parse.GetValue(maxPods), parse.GetValue(seed)),
                        parse.GetValue(via)!, silo, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("FLEET_TOKEN"), launched, cancellationToken)
                    : await AgentsAsync(parse, output, instances, connection, every, limit, parse.GetValue(maxPods), parse.GetValue(seed), parse.GetValue(json), launched, cancellationToken);
            }
            finally
            {
                await CleanUpAsync(ec2, launched, parse.GetValue(keep), parse.GetValue(json) ? error : output, error);
            }
        });
        return command;
    }

    private static async Task<int> AgentsAsync(ParseResult parse, TextWriter output, IReadOnlyList<string> instances, ConnectionOptions connection,
        TimeSpan every, TimeSpan limit, int maxPods, int seed, bool json, IReadOnlyList<string> launched, CancellationToken cancellationToken)
    {
        await using var client = await connection.ConnectAsync(parse, cancellationToken);
        if (client is null)
        {
            return ExitCodes.Error;
        }

        var agents = instances.Select((id, i) => new SimulatedAgent(id, maxPods, HashCode.Combine(seed, i))).ToList();
        var driver = new LoadDriver(client, agents, TimeProvider.System);
        await AgentLoad.RunAsync(driver, every, limit, json ? null : CliConsole.Create(output), cancellationToken);
        if (json)
        {
            var (p50, p99) = driver.Stats.LatencyMs();
            CliConsole.WriteJson(output, new
            {
                agents = driver.Agents,
                reports = driver.Stats.Reports,
                accepted = driver.Stats.Accepted,
                refused = driver.Stats.Refused,
                errors = driver.Stats.Errors,
                nodes = driver.Stats.Nodes,
                reportLatencyMs = new { p50, p99 },
                launched,
            });
        }

        return driver.Stats.Errors == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static async Task<int> ThroughputAsync(ParseResult parse, TextWriter output, IReadOnlyList<string> instances, ConnectionOptions connection,
        ThroughputOptions options, string via, Uri http, string? token, IReadOnlyList<string> launched, CancellationToken cancellationToken)
    {
        IReportTransport transport;
        if (via == "http")
        {
            transport = new HttpTransport(http, token, options.Concurrency);
        }
        else if (await connection.ConnectAsync(parse, cancellationToken) is { } client)
        {
            transport = new OrleansTransport(client);
        }
        else
        {
            return ExitCodes.Error;
        }

        await using (transport)
        {
            var json = parse.GetValue<bool>("--json");
            var error = parse.InvocationConfiguration.Error;
            var result = await new ThroughputLoad(transport, instances, options, TimeProvider.System)
                .RunAsync(json ? null : message => error.WriteLine(message), cancellationToken);
            if (json)
            {
                CliConsole.WriteJson(output, new { throughput = result, launchedInstances = launched.Count });
            }
            else
            {
                CliConsole.Create(output).Write(result.Render());
            }

            return result.Errors == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        }
    }

    private static async Task<int> MemoryAsync(ParseResult parse, TextWriter output, IReadOnlyList<string> instances, ConnectionOptions connection,
        int concurrency, CancellationToken cancellationToken)
    {
        await using var client = await connection.ConnectAsync(parse, cancellationToken);
        if (client is null)
        {
            return ExitCodes.Error;
        }

        var error = parse.InvocationConfiguration.Error;
        await error.WriteLineAsync($"reporting once for each of {instances.Count} nodes, so every node grain is active");
        var refused = 0;
        await Parallel.ForEachAsync(instances, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (id, _) =>
        {
            var result = await client.ReportDemandAsync(id, new Abstractions.Messages.DemandReport(10));
            if (result.Outcome != Abstractions.Messages.DemandOutcome.Accepted)
            {
                Interlocked.Increment(ref refused);
            }
        });
        var result = await SiloMemory.MeasureAsync(client.Cluster, instances.Count, TimeProvider.System, m => error.WriteLine(m));
        if (parse.GetValue<bool>("--json"))
        {
            CliConsole.WriteJson(output, new { memory = result, refused });
        }
        else
        {
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{result.NodeGrainsActive} node grains: {result.BytesPerNodeGrain / 1024.0:0.0} KiB managed per node grain " +
                $"({result.NodeGrainsCollected} deactivated); whole heap {result.HeapWithNodesBytes / 1048576.0:0.0} MiB = {result.HeapPerNodeBytes / 1024.0:0.0} KiB per node"));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Terminates what this run launched (even after Ctrl-C), unless --keep; says which it did.</summary>
    private static async Task CleanUpAsync(IAmazonEC2 ec2, IReadOnlyList<string> launched, bool keep, TextWriter say, TextWriter error)
    {
        if (launched.Count == 0)
        {
            return;
        }

        if (keep)
        {
            await say.WriteLineAsync($"left the {launched.Count} instances this run launched running (--keep)");
            return;
        }

        try
        {
            var terminated = await LoadInstances.TerminateAsync(ec2, launched);
            await say.WriteLineAsync($"terminated the {terminated} instances this run launched (--keep leaves them running)");
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            await error.WriteLineAsync($"error: could not terminate the {launched.Count} instances this run launched: {e.Message}; " +
                                       $"terminate them yourself: {string.Join(' ', launched.Take(20))}{(launched.Count > 20 ? " …" : "")}");
        }
    }
}
