using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Grains.Node;

namespace Fleet.Grains.Tests;

/// <summary>
/// The rule that stops a node calling EC2 in a loop that adds nothing (the grain's behaviour against moto_server is
/// pinned in Fleet.Moto.Tests): what counts as a call without progress, what ends a streak, and the back-off.
/// </summary>
public sealed class NoProgressGuardTests
{
    private static readonly AssignAddresses AssignPrefixes = new("eni-1", AddressKind.Prefix, 2);

    private static EniRecord Eni(params string[] prefixes) => new() { Id = "eni-1", PrimaryIp = "10.0.0.4", Prefixes = [.. prefixes] };

    [Fact]
    public void An_accepted_call_that_adds_no_address_counts_and_the_limit_blocks_with_a_reason()
    {
        var guard = new NoProgressGuard(limit: 3);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]));
            guard.OnDescribed([Eni()], [Eni()]); // the describe agrees: nothing was assigned
            Assert.Equal((i, i == 3), (guard.Streak, guard.Blocked));
        }

        Assert.Contains("no prefix appeared", guard.Reason, StringComparison.Ordinal);
        Assert.Contains("prefix delegation", guard.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_echoes_only_the_primary_adds_nothing()
    {
        var guard = new NoProgressGuard(limit: 3);
        var after = new EniRecord { Id = "eni-1", PrimaryIp = "10.0.0.4", SecondaryIps = ["10.0.0.4"] }; // what an echo would leave

        Assert.True(guard.OnAccepted(new AssignAddresses("eni-1", AddressKind.Ip, 2), [Eni()], [after]));
    }

    [Fact]
    public void A_call_that_adds_addresses_ends_the_streak()
    {
        var guard = new NoProgressGuard(limit: 3);
        guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]);
        guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]);

        Assert.False(guard.OnAccepted(AssignPrefixes, [Eni()], [Eni("10.0.1.0/28")]));
        Assert.Equal((0, false, null), (guard.Streak, guard.Blocked, guard.Reason));
    }

    [Fact]
    public void An_incomplete_answer_is_forgiven_when_the_describe_shows_the_addresses()
    {
        var guard = new NoProgressGuard(limit: 1);
        Assert.True(guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]));
        Assert.True(guard.Blocked);

        Assert.False(guard.OnDescribed([Eni()], [Eni("10.0.1.0/28", "10.0.1.16/28")]));
        Assert.Equal((0, false), (guard.Streak, guard.Blocked));
    }

    [Fact]
    public void Addresses_an_answer_claimed_that_the_next_describe_lacks_count_but_released_ones_do_not()
    {
        var guard = new NoProgressGuard(limit: 3);
        Assert.False(guard.OnAccepted(AssignPrefixes, [Eni()], [Eni("10.0.1.0/28", "10.0.1.16/28")]));

        // 10.0.1.16/28 was released since (Fleet no longer holds it); 10.0.1.0/28 is held but EC2 does not show it.
        Assert.True(guard.OnDescribed([Eni("10.0.1.0/28")], [Eni()]));
        Assert.Equal(1, guard.Streak);
        Assert.Contains("10.0.1.0/28", guard.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.1.16/28", guard.Reason, StringComparison.Ordinal);

        // Claims are checked once: the next describe has nothing left to contradict.
        Assert.False(guard.OnDescribed([Eni()], [Eni()]));
    }

    [Theory]
    [InlineData(3, 1)] // blocked at the limit: the first back-off is BackoffBase
    [InlineData(4, 2)] // each call without progress after that doubles it
    [InlineData(8, 32)]
    [InlineData(20, 60)] // up to BackoffMax
    public void The_back_off_doubles_per_call_past_the_limit_up_to_the_maximum(int streak, int seconds)
    {
        var guard = new NoProgressGuard(limit: 3);
        for (var i = 0; i < streak; i++)
        {
            guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]);
        }

        Assert.Equal(TimeSpan.FromSeconds(seconds), guard.Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void The_limit_is_a_setting_that_defaults_to_three_calls() =>
        Assert.Equal(3, new Fleet.Grains.Hosting.AllocatorOptions().NoProgressLimit);

    [Fact]
    public void A_spec_change_starts_afresh()
    {
        var guard = new NoProgressGuard(limit: 1);
        guard.OnAccepted(AssignPrefixes, [Eni()], [Eni()]);
        guard.Reset();

        Assert.Equal((0, false, null), (guard.Streak, guard.Blocked, guard.Reason));
    }
}
