namespace Fleet.Grains.Hosting;

/// <summary>
/// The clocks the allocator reads. <see cref="Grains"/> drives decisions (throttle buckets, back-off, release delay,
/// janitor windows) and follows Orleans' grain timers, so tests and compressed runs control it; <see cref="Io"/> paces
/// I/O coalescing (describe batch windows, describe retries) and stays on real time.
/// </summary>
/// <param name="Grains">The decision clock.</param>
/// <param name="Io">The I/O pacing clock.</param>
/// <param name="ThrottleKey">The throttle grain's key: <c>{account}/{region}</c>.</param>
public sealed record FleetClock(TimeProvider Grains, TimeProvider Io, string ThrottleKey);
