using Fleet.Core.Node;
using Fleet.Core.Priors;

namespace Fleet.Core.Tests.Priors;

/// <summary><c>Fleet:Allocator:Prior</c>: documented defaults, and every bad value named by its key.</summary>
public sealed class PriorOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var options = new AllocatorOptions().Prior;

        Assert.Equal(
            (PriorMode.Group, 0.9, TimeSpan.FromDays(7), 3d, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)),
            (options.Mode, options.Quantile, options.Window, options.MinNodes, options.PlateauAfter, options.IntentExpiry));
        Assert.Empty(new AllocatorOptions().Validate());
    }

    [Theory]
    [InlineData("Quantile", "Fleet:Allocator:Prior:Quantile")]
    [InlineData("QuantileAboveOne", "Fleet:Allocator:Prior:Quantile")]
    [InlineData("MinNodes", "Fleet:Allocator:Prior:MinNodes")]
    [InlineData("Window", "Fleet:Allocator:Prior:Window")]
    [InlineData("PlateauAfter", "Fleet:Allocator:Prior:PlateauAfter")]
    [InlineData("IntentExpiry", "Fleet:Allocator:Prior:IntentExpiry")]
    [InlineData("Mode", "Fleet:Allocator:Prior:Mode")]
    public void A_bad_value_is_named_by_its_key(string broken, string key)
    {
        var options = new AllocatorOptions();
        var prior = options.Prior;
        switch (broken)
        {
            case "Quantile": prior.Quantile = 0; break;
            case "QuantileAboveOne": prior.Quantile = 1.01; break;
            case "MinNodes": prior.MinNodes = -1; break;
            case "Window": prior.Window = TimeSpan.Zero; break;
            case "PlateauAfter": prior.PlateauAfter = TimeSpan.Zero; break;
            case "IntentExpiry": prior.IntentExpiry = TimeSpan.Zero; break;
            case "Mode": prior.Mode = (PriorMode)7; break;
        }

        Assert.Contains(options.Validate(), e => e.StartsWith(key, StringComparison.Ordinal));
    }
}
