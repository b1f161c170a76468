using Fleet.Testing;
namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>One silo shared by a test collection: the default configuration plus a small, fast demo fleet.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const int DemoNodes = 3;

    internal TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Silo = await TestSilo.StartAsync($"Fleet:Demo:Nodes={DemoNodes}", "Fleet:Demo:ReportInterval=00:00:00.500");

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>The tests that share <see cref="SiloFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
