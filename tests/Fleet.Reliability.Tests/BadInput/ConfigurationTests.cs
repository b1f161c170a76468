using Fleet.Reliability.Tests.Security;
using Fleet.Silo.Hosting;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>
/// Broken configuration stops start-up with an error naming each bad key. The silo's own sections (Http, Clustering,
/// Emulator, Demo) are covered key by key in Fleet.Silo.Tests' OptionsTests; these are the allocator's sections
/// (checked up front since this suite found they crashed the process with a stack trace instead) and silo TLS.
/// </summary>
public sealed class ConfigurationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Fleet:Allocator:ClusterName", " ", "Fleet:Allocator:ClusterName")]
    [InlineData("Fleet:Allocator:ReleaseDelay", "-00:00:01", "Fleet:Allocator:ReleaseDelay")]
    [InlineData("Fleet:Allocator:TickInterval", "00:00:00", "Fleet:Allocator:TickInterval")]
    [InlineData("Fleet:Allocator:JanitorInterval", "00:00:00.001", "Fleet:Allocator:JanitorInterval")]
    [InlineData("Fleet:Allocator:BackoffBase", "00:02:00", "Fleet:Allocator:BackoffMax")] // above the 60 s maximum
    [InlineData("Fleet:Allocator:LookaheadFactor", "11", "Fleet:Allocator:LookaheadFactor")]
    [InlineData("Fleet:Allocator:NoProgressLimit", "0", "Fleet:Allocator:NoProgressLimit")] // never stopping is not a setting
    [InlineData("Fleet:Allocator:DescribeBatchIdle", "00:00:01", "Fleet:Allocator:DescribeBatchMax")] // idle above the cap
    [InlineData("Fleet:Allocator:JanitorIntervall", "00:01:00", "Fleet:Allocator")] // a typo: unknown key
    [InlineData("Fleet:Allocator:ReleaseDelay", "soon", "Fleet:Allocator")] // not a duration
    [InlineData("Fleet:Throttle:Share", "0", "Fleet:Throttle:Share")]
    [InlineData("Fleet:Throttle:Share", "1.5", "Fleet:Throttle:Share")]
    [InlineData("Fleet:Throttle:TimeScale", "-2", "Fleet:Throttle:TimeScale")]
    [InlineData("Fleet:Throttle:HousekeepingReserve", "1", "Fleet:Throttle:HousekeepingReserve")]
    [InlineData("Fleet:Throttle:Buckets:Frobnicate:Capacity", "10", "Fleet:Throttle:Buckets:Frobnicate")]
    [InlineData("Fleet:Throttle:Buckets:AssignPrivateIpAddresses:Capacity", "0", "Fleet:Throttle:Buckets:AssignPrivateIpAddresses")]
    [InlineData("Fleet:Throttle:Buckets:AssignPrivateIpAddresses:RefillPerSecond", "-1", "Fleet:Throttle:Buckets:AssignPrivateIpAddresses")]
    [InlineData("Fleet:Throttle:Shares", "1", "Fleet:Throttle")] // a typo: unknown key
    [InlineData("Fleet:Ec2:Timeout", "00:00:00", "Fleet:Ec2:Timeout")]
    [InlineData("Fleet:Ec2:AccountId", " ", "Fleet:Ec2:AccountId")]
    [InlineData("Fleet:Ec2:Mode", "Azure", "Fleet:Ec2")]
    [InlineData("Fleet:Clustering:Tls:Enabled", "true", "Fleet:Clustering:Tls:CertificatePath")] // no certificate named
    [InlineData("Fleet:Clustering:Tls:CertificatePath", "/nonexistent/silo.pfx", "Fleet:Clustering:Tls:CertificatePath")]
    [InlineData("Fleet:Clustering:Tls:TrustedThumbprints", "abc", "Fleet:Clustering:Tls:TrustedThumbprints")]
    [InlineData("Fleet:Clustering:Tls:CertificateStoreLocation", "Attic", "Fleet:Clustering")]
    public void A_bad_value_stops_start_up_with_an_error_naming_the_key(string key, string value, string named)
    {
        var settings = new List<(string, string)> { (key, value) };
        if (key.StartsWith("Fleet:Clustering:Tls:", StringComparison.Ordinal) && key != "Fleet:Clustering:Tls:Enabled")
        {
            settings.Add(("Fleet:Clustering:Tls:Enabled", "true"));
        }

        var error = Assert.Throws<SiloConfigurationException>(() => Load([.. settings]));
        output.WriteLine(error.Message);
        Assert.Contains(error.Errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Silo_tls_is_off_by_default_and_mutual_when_on()
    {
        var tls = new ClusterTlsOptions();
        Assert.False(tls.Enabled);
        Assert.True(tls.MutualAuthentication);
        Assert.Null(tls.CertificatePath);
        Assert.Null(tls.CertificateSubject);
        Assert.Equal(System.Security.Cryptography.X509Certificates.StoreName.My, tls.CertificateStoreName);
        Assert.Equal(System.Security.Cryptography.X509Certificates.StoreLocation.CurrentUser, tls.CertificateStoreLocation);
        Assert.Empty(tls.TrustedThumbprintList);
    }

    [Fact]
    public void A_certificate_that_the_password_does_not_open_or_that_expired_is_named_and_the_password_never_shown()
    {
        using var certificate = SelfSignedCertificate.Create("fleet-silo");
        using var expired = SelfSignedCertificate.Create("fleet-silo", expired: true);

        var wrong = Assert.Throws<SiloConfigurationException>(() => Load(Tls(certificate.Path, "not-the-password-0123")));
        Assert.Contains(wrong.Errors, e => e.StartsWith("Fleet:Clustering:Tls:CertificatePath:", StringComparison.Ordinal));
        Assert.DoesNotContain("not-the-password-0123", wrong.Message, StringComparison.Ordinal);

        var old = Assert.Throws<SiloConfigurationException>(() => Load(Tls(expired.Path, expired.Password)));
        Assert.Contains(old.Errors, e => e.Contains("is valid only from", StringComparison.Ordinal));
        Assert.DoesNotContain(expired.Password, old.Message, StringComparison.Ordinal);

        Assert.True(Load(Tls(certificate.Path, certificate.Password)).Clustering.Tls.Enabled);
    }

    [Fact]
    public async Task The_silo_process_exits_with_code_2_naming_every_bad_key_and_no_stack_trace()
    {
        await using var silo = ChildProcess.StartDotnet("bad-config", RepoPaths.Program("Fleet.Silo", "fleet-silo"),
            ["--Fleet:Allocator:JanitorInterval=-00:00:01", "--Fleet:Throttle:Share=7", "--Fleet:Http:Urls=http://127.0.0.1:0"]);
        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo should exit");
        var log = silo.Tail(40);
        output.WriteLine(log);
        Assert.Equal(2, silo.ExitCode);
        Assert.Contains("Fleet:Allocator:JanitorInterval", log, StringComparison.Ordinal);
        Assert.Contains("Fleet:Throttle:Share", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    private static (string, string)[] Tls(string path, string password) =>
        [("Fleet:Clustering:Tls:Enabled", "true"), ("Fleet:Clustering:Tls:CertificatePath", path), ("Fleet:Clustering:Tls:CertificatePassword", password)];

    private static SiloSettings Load(params (string Key, string Value)[] values) =>
        SiloSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
}
