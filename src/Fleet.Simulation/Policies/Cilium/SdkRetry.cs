using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// The AWS SDK's Standard retry mode as Cilium's operator configures it (aws-sdk-net's RetryPolicy and StandardRetryPolicy, and https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html,
/// cilium-eni-ipam.md §4.1): up to 3 attempts on throttling and 5xx answers, full-jitter backoff
/// <c>rand × 2^(retry−1) × 1 s</c> capped at 20 s, and the SDK's retry quota (500 tokens, 5 per retry, 1 back per
/// success). Retries take no new token from Cilium's own limiter.
/// </summary>
internal sealed class SdkRetry(Ec2Link link, Random random)
{
    private const int Attempts = 3;
    private const int QuotaMax = 500;
    private const int RetryCost = 5;
    private int _quota = QuotaMax;

    public void Call<T>(Ec2Action bucket, CallPath path, string? node, Func<Ec2Region, CallContext, Ec2Response<T>> call, Action<Ec2Response<T>> done)
        where T : class => Attempt(bucket, path, node, call, done, 1);

    private void Attempt<T>(Ec2Action bucket, CallPath path, string? node, Func<Ec2Region, CallContext, Ec2Response<T>> call, Action<Ec2Response<T>> done, int attempt)
        where T : class
    {
        link.Send(bucket, path, node, call, response =>
        {
            var retryable = response.Error is { } e && (e.IsThrottling || e.HttpStatus >= 500);
            if (retryable && attempt < Attempts && _quota >= RetryCost)
            {
                _quota -= RetryCost;
                var backoff = Math.Min(random.NextDouble() * (1 << (attempt - 1)), 20);
                link.Loop.After(TimeSpan.FromSeconds(backoff), () => Attempt(bucket, path, node, call, done, attempt + 1));
                return;
            }

            if (response.IsSuccess)
            {
                _quota = Math.Min(QuotaMax, _quota + (attempt > 1 ? RetryCost : 1));
            }

            done(response);
        });
    }
}
