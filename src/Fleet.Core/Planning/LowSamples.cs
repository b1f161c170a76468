using System.Runtime.InteropServices;

namespace Fleet.Core.Planning;

/// <summary>
/// The samples a <see cref="DemandTrend"/> keeps — those that can still be its window's low, totals rising from front to
/// back — as a persistent value: trends that follow one another share one buffer. A push that drops nothing from the
/// back and comes from the buffer's newest value appends in place (no earlier value reads that slot); any other push
/// copies what is kept. A ramp, where every report is a new high, so costs one slot per report instead of a copy of the
/// whole window. Each value sees only its own range, so older values stay as they were.
/// </summary>
internal readonly struct LowSamples
{
    private readonly Buffer? _buffer;
    private readonly int _start;
    private readonly int _end;

    private LowSamples(Buffer buffer, int start, int end)
    {
        _buffer = buffer;
        _start = start;
        _end = end;
    }

    /// <summary>Whether no sample is kept.</summary>
    public bool IsEmpty => _end == _start;

    /// <summary>The window's low: the oldest sample kept (not to be read when <see cref="IsEmpty"/>).</summary>
    public Sample Front => _buffer!.Items[_start];

    /// <summary>
    /// These samples with <paramref name="sample"/> at the back: those at or above it dropped from the back, those before
    /// <paramref name="notBefore"/> seconds or at or below sequence <paramref name="notAtOrBelow"/> from the front.
    /// </summary>
    public LowSamples Push(Sample sample, double notBefore = double.MinValue, int? notAtOrBelow = null)
    {
        var items = _buffer?.Items ?? [];
        var start = _start;
        while (start < _end && (items[start].Seconds < notBefore || (notAtOrBelow is { } seq && items[start].AtOrBelow(seq))))
        {
            start++;
        }

        var end = _end;
        while (end > start && items[end - 1].Total >= sample.Total)
        {
            end--;
        }

        if (_buffer is { } buffer && end == _end && end < items.Length
            && Interlocked.CompareExchange(ref buffer.Used, end + 1, end) == end)
        {
            items[end] = sample;
            return new LowSamples(buffer, start, end + 1);
        }

        var kept = end - start;
        var copy = new Sample[kept + 1 + Math.Max(3, kept / 2)]; // room to append: a few slots, or half as many again during a ramp
        Array.Copy(items, start, copy, 0, kept);
        copy[kept] = sample;
        return new LowSamples(new Buffer(copy, kept + 1), 0, kept + 1);
    }

    /// <summary>
    /// One report: its sequence number, when (seconds), and its used + pending. 16 bytes (laid out by the runtime, not
    /// in declaration order, which pads to 24): a copy of the window moves a third less. The sequence number wraps after
    /// 2^31 reports; the samples kept span at most a few hundred, so comparing by difference stays right.
    /// </summary>
    [StructLayout(LayoutKind.Auto)]
    internal readonly record struct Sample(int Seq, double Seconds, int Total)
    {
        /// <summary>Whether this sample is at or before sequence <paramref name="seq"/> (wrap-around safe).</summary>
        public bool AtOrBelow(int seq) => unchecked(Seq - seq) <= 0;
    }

    /// <summary>The shared slots and how many are written (a slot past that belongs to no value yet).</summary>
    private sealed class Buffer(Sample[] items, int used)
    {
        public readonly Sample[] Items = items;
        public int Used = used;
    }
}
