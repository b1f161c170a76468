using Fleet.Core.Catalog;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Dispatch;
using Fleet.Ec2.Emulator.Engine;
using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Ec2.Emulator;

/// <summary>
/// One emulated EC2 region behind EC2's own gates: the typed API that in-process callers (the simulator, an
/// in-process EC2 port) and the HTTP front end share. Each call goes, under one lock, through: the action's token
/// bucket (throttled → 503 <c>RequestLimitExceeded</c>, nothing changes), fault injection (InternalError,
/// Unavailable — nothing changes), the action itself (applied at arrival), then the trail and counters. The answer
/// carries the latency sampled for the call: the HTTP front end waits it out before responding; in-process callers
/// deliver the result that much later in their own (virtual) time. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var time = new FakeTimeProvider();
/// var region = new Ec2Region(new EmulatorOptions(), time);
/// var run = region.RunInstances(new RunInstancesRequest { InstanceType = "m5.large" });
/// var subnet = region.Snapshot().Subnets[1].SubnetId;
/// var eni = region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = subnet, Ipv4PrefixCount = 3 });
/// // eni.Latency says when the answer is due; eni.Value!.NetworkInterface.Ipv4Prefixes holds 3 aligned /28s.
/// </code>
/// </example>
public sealed partial class Ec2Region
{
    private readonly Lock _gate = new();
    private readonly InstanceTypeCatalog _catalog;
    private readonly ILogger _logger;
    private RegionEngine _engine = null!;
    private ThrottleBook _throttle = null!;
    private LatencyModel _latency = null!;
    private FaultInjector _faults = null!;
    private CallTrail _trail = null!;
    private IdGenerator _requestIds = null!;

    /// <summary>Builds the region described by <paramref name="options"/> (validated first).</summary>
    /// <param name="options">Layout, throttling, latency, faults; see README.md for the schema.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null. Use a fake one for virtual time.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="catalog">Instance types; <see cref="InstanceTypeCatalog.Embedded"/> when null.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (every problem named).</exception>
    public Ec2Region(EmulatorOptions options, TimeProvider? time = null, ILogger<Ec2Region>? logger = null, InstanceTypeCatalog? catalog = null)
    {
        EmulatorOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        Time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<Ec2Region>.Instance;
        _catalog = catalog ?? InstanceTypeCatalog.Embedded;
        Build();
    }

    /// <summary>The options the region was built from.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The region's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// Raised after each call was decided and written to the trail, before its latency runs and its answer leaves: a
    /// test can wait for a call to reach EC2 instead of polling. Handlers run on the caller's thread; keep them short.
    /// </summary>
    public event Action<TrailEntry>? Called;

    /// <summary>Calls received so far.</summary>
    public long CallCount
    {
        get
        {
            lock (_gate)
            {
                return _trail.NextSequence - 1;
            }
        }
    }

    /// <summary>Back to the initial state: layout, full buckets, the configured faults, an empty trail; seeded anew.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Build();
        }

        Log.RegionReset(_logger, Options.Region);
    }

    /// <summary>Replaces the fault table (action name or <c>*</c> → rules). An empty table turns faults off.</summary>
    public void SetFaults(IDictionary<string, ActionFaultOptions> faults)
    {
        var errors = new List<string>();
        EmulatorOptionsValidator.ValidateFaults(faults, "Faults", errors);
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("Faults", typeof(EmulatorOptions), errors);
        }

        lock (_gate)
        {
            _faults.Set(faults, Time.GetUtcNow());
        }

        Log.FaultsSet(_logger, faults.Count);
    }

    /// <summary>Trail entries after a sequence number (0: from the oldest kept), oldest first.</summary>
    public IReadOnlyList<TrailEntry> Trail(long afterSequence = 0, int limit = int.MaxValue)
    {
        lock (_gate)
        {
            return _trail.Since(afterSequence, limit);
        }
    }

    /// <summary>Counts per action and outcome, and per client.</summary>
    public CallStatistics Statistics()
    {
        lock (_gate)
        {
            return _trail.Statistics();
        }
    }

    /// <summary>The whole region as it is now.</summary>
    public RegionSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            var enis = _engine.NetworkInterfaces.Select(e => _engine.View(e, now)).ToList();
            return new RegionSnapshot(
                Options.Region, now, Options.TimeCompression,
                [.. _engine.Vpcs.Select(_engine.View)],
                [.. _engine.Subnets.Select(_engine.View)],
                [.. _engine.Vpcs.SelectMany(v => v.SecurityGroups).Select(_engine.View)],
                [.. _engine.Instances.Select(i => _engine.View(i, now))],
                enis, _throttle.Snapshot(), _faults.Current);
        }
    }

    private void Build()
    {
        _latency = new LatencyModel(Options.Latency, Options.TimeCompression, Options.Seed);
        _engine = new RegionEngine(Options, Time, _latency, _catalog);
        _throttle = new ThrottleBook(Options.Throttling, Options.TimeCompression, Time);
        _faults = new FaultInjector(Options.Seed, Options.TimeCompression);
        _faults.Set(Options.Faults, Time.GetUtcNow());
        _trail = new CallTrail(Options.TrailCapacity);
        _requestIds = new IdGenerator(unchecked(Options.Seed + 1));
    }

    /// <summary>The pipeline of every call: bucket, faults, action, trail.</summary>
    private Ec2Response<T> Invoke<TRequest, T>(
        Ec2Action bucket, TRequest request, CallContext? context, Func<RegionEngine, TRequest, Ec2Result<T>> action,
        Func<TRequest, Ec2Result<T>, TrailParameters> keys)
        where T : class
    {
        Ec2Result<T> result;
        TimeSpan latency;
        var lost = false;
        string requestId;
        TrailEntry entry;
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            requestId = _requestIds.NextRequestId();
            if (!_throttle.TryAdmit(bucket))
            {
                result = Ec2Errors.RequestLimitExceeded;
                latency = _latency.Throttled();
            }
            else
            {
                // A describe changes nothing, so a zone or subnet fault judges it by its answer; any other call by what it names.
                var describe = IsDescribe(bucket);
                var fault = _faults.Draw(bucket, now, _faults.HasScoped && !describe ? _engine.ScopesOf(request!) : null);
                result = fault.Error is { } error ? error : action(_engine, request);
                if (fault.NotVisible && result.IsSuccess && RegionEngine.Unseen(result.Value!) is T empty)
                {
                    result = empty;
                }

                if (fault.Error is null && describe && _faults.HasScoped && result.IsSuccess
                    && _faults.Draw(bucket, now, RegionEngine.ScopesOfAnswer(result.Value!), scopedOnly: true) is { Error: { } late } scoped)
                {
                    result = late;
                    fault = fault with { Spike = fault.Spike + scoped.Spike };
                }

                latency = _latency.Call(bucket) + _latency.Scale(fault.Spike);
                lost = fault.ResponseLost;
            }

            var p = keys(request, result);
            var wire = bucket.WireName();
            entry = new TrailEntry(
                _trail.NextSequence, now, wire, wire == bucket.ToString() ? null : bucket.ToString(), context?.Client,
                p.NetworkInterfaceId, p.InstanceId, p.SubnetId, p.AttachmentId, p.Count, p.Detail, result.OutcomeCode,
                result.Error?.HttpStatus ?? 200, latency.TotalMilliseconds, lost, requestId);
            _trail.Add(entry);
        }

        Called?.Invoke(entry);

        EmulatorInstruments.RecordCall(bucket, result.OutcomeCode);
        if (result.Error is { } failed && _logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            Log.CallFailed(_logger, bucket, failed.Code, failed.Message);
        }

        return new Ec2Response<T>(result, latency, lost, requestId);
    }

    private static bool IsDescribe(Ec2Action action) => action.WireName().StartsWith("Describe", StringComparison.Ordinal);

    /// <summary>Records a call the front end refused before it reached an action (a parse error): it still spends a token.</summary>
    internal Ec2Response<Ec2Acknowledgement> Refuse(Ec2Action action, Ec2Error error, CallContext? context) =>
        Invoke<Ec2Error, Ec2Acknowledgement>(action, error, context, static (_, e) => e, static (_, _) => default);
}
