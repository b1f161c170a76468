using System.Globalization;

namespace Fleet.Cli.Output;

/// <summary>A one-line progress display on stderr for long benchmark runs: the policy running and its share of scenario time.</summary>
internal sealed class BenchProgress(TextWriter error, int policies)
{
    private string? _policy;
    private int _index;
    private int _lastPercent = -1;

    public void Report(string policy, double fraction)
    {
        if (policy != _policy)
        {
            _policy = policy;
            _index++;
            _lastPercent = -1;
        }

        var percent = (int)(fraction * 100);
        if (percent / 10 == _lastPercent / 10)
        {
            return;
        }

        _lastPercent = percent;
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{_index}/{policies}] {policy,-20} {percent,3}% of scenario time   "));
        error.Flush();
    }

    public void Done()
    {
        error.WriteLine();
        error.Flush();
    }
}
