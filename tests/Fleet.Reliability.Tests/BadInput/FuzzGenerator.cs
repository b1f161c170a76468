using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>
/// Deterministic (seeded) generator of HTTP requests against the silo: valid requests bent out of shape — malformed
/// JSON, wrong types, negative and huge numbers, unknown fields, very long and non-ASCII ids and strings, deep
/// nesting, wrong or missing content types, missing, wrong or malformed bearer tokens, unknown paths and methods.
/// </summary>
/// <remarks>Requests for a <c>victim</c> always carry a defect (an unknown field), so each must be refused.</remarks>
internal sealed class FuzzGenerator(int seed, string token, IReadOnlyList<string> instances, IReadOnlyList<string> victims)
{
    private static readonly string[] s_badIds =
    [
        "", "i-", "I-0123456789ABCDEF0", "i-0123456789abcdefg", "i-%00", "i-%2e%2e%2f", "..", "i-😀😀😀😀😀😀😀😀", "i-ünïcødé0",
        "i-0123456789abcdef0;drop", "i-0123456789abcdef0%0d%0aX-Injected:1", new string('a', 5000), "i-" + new string('0', 2000),
        "eni-0123456789abcdef0", "i-01234567%20", "%ff%fe",
    ];

    private static readonly string?[] s_contentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", null, "text/plain",
        "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/problem+json",
        "application/json; charset=iso-8859-1", "application/*", "*/*", "application/json; x=\"\"",
    ];

    private static readonly JsonNode?[] s_badValues =
    [
        null, -1, -2147483648, 2147483648L, 9223372036854775807L, 1e300, 1.5, "ten", "", true, false, new JsonArray(), new JsonObject(),
        new string('x', 20_000), "ñandú 数字 🚀", "10.0.0.1", "10.0.0.0/28", "fe80::1", "999.1.1.1", "\u0000",
    ];

    private static readonly string[] s_paths =
    [
        "/api/v1/nodes", "/api/v1/throttle", "/api/v1/allocations", "/api/v1/silo", "/api/v1/ec2/calls?seconds={n}",
        "/api/v1/ec2/trail?limit={n}", "/api/v1/nope", "/api/v2/nodes", "/api/v1/nodes/{id}/demand/extra", "/api/v1//nodes",
        "/openapi/v1.json", "/healthz", "/readyz", "/api/v1/ec2/calls?seconds=" + new string('9', 400),
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    private FuzzRequest Next()
    {
        var roll = _random.Next(100);
        var (instance, id) = Pick();
        var auth = Auth();
        var victim = instance is not null && victims.Contains(instance);
        return roll switch
        {
            < 55 => Body("demand", $"/api/v1/nodes/{Escape(id)}/demand", instance, auth, DemandBody(victim)),
            < 75 => Body("spec", $"/api/v1/nodes/{Escape(id)}/spec", instance, auth, SpecBody(victim)),
            < 82 => new FuzzRequest("node", Method(HttpMethod.Get), $"/api/v1/nodes/{Escape(id)}", null, null, auth, instance),
            _ => new FuzzRequest("other", Method(HttpMethod.Get), s_paths[_random.Next(s_paths.Length)].Replace("{n}", Number().ToString(), StringComparison.Ordinal)
                .Replace("{id}", Escape(id), StringComparison.Ordinal), null, null, auth, null),
        };
    }

    private FuzzRequest Body(string kind, string path, string? instance, string? auth, byte[] body) =>
        new(kind, Method(HttpMethod.Put), path, s_contentTypes[_random.Next(s_contentTypes.Length)], body, auth, instance);

    private (string? Instance, string Id) Pick()
    {
        if (_random.Next(100) < 65)
        {
            var all = instances.Concat(victims).ToList();
            var id = all[_random.Next(all.Count)];
            return (id, id);
        }

        return (null, s_badIds[_random.Next(s_badIds.Length)]);
    }

    private string? Auth() => _random.Next(100) switch
    {
        < 80 => $"Bearer {token}",
        < 84 => null,
        < 88 => "Bearer " + token[..^1] + "x",
        < 91 => "Bearer",
        < 93 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("fleet:" + token)),
        < 95 => $"bearer   {token}  ",
        < 97 => "Bearer " + new string('t', 10_000),
        _ => "Bearer " + token + token,
    };

    private HttpMethod Method(HttpMethod usual) => _random.Next(100) switch
    {
        < 85 => usual,
        < 89 => HttpMethod.Post,
        < 93 => HttpMethod.Delete,
        < 96 => HttpMethod.Patch,
        < 98 => HttpMethod.Head,
        _ => HttpMethod.Options,
    };

    private byte[] DemandBody(bool victim)
    {
        var body = new JsonObject { ["used"] = _random.Next(0, 40), ["pending"] = _random.Next(0, 10) };
        if (_random.Next(3) == 0)
        {
            body["inUse"] = new JsonArray([.. Enumerable.Range(0, _random.Next(0, 4)).Select(i => (JsonNode)$"10.0.{_random.Next(0, 64)}.{_random.Next(0, 256)}")]);
        }

        if (_random.Next(4) == 0)
        {
            body["releaseAcks"] = new JsonArray((JsonNode)$"10.0.{_random.Next(0, 64)}.{_random.Next(0, 16) * 16}/28");
        }

        return Mutate(body, ["used", "pending", "inUse", "releaseAcks"], victim);
    }

    private byte[] SpecBody(bool victim)
    {
        var body = new JsonObject { ["preAllocate"] = _random.Next(0, 16), ["prefixDelegation"] = "on", ["firstInterfaceIndex"] = _random.Next(0, 2) };
        return Mutate(body, ["preAllocate", "minAllocate", "maxAllocate", "maxAboveWatermark", "firstInterfaceIndex", "prefixDelegation", "subnetIds", "subnetTags", "securityGroups", "usePrimaryAddress", "deleteOnTermination"], victim);
    }

    /// <summary>Bends a valid body: 0–3 field changes, then sometimes breaks the JSON text itself.</summary>
    private byte[] Mutate(JsonObject body, string[] fields, bool victim)
    {
        for (var n = _random.Next(0, 4); n > 0; n--)
        {
            switch (_random.Next(5))
            {
                case 0:
                    body[fields[_random.Next(fields.Length)]] = s_badValues[_random.Next(s_badValues.Length)]?.DeepClone();
                    break;
                case 1:
                    body[_random.Next(2) == 0 ? "unknownField" : "pöds"] = 3;
                    break;
                case 2:
                    body.Remove(fields[_random.Next(fields.Length)]);
                    break;
                case 3:
                    body[fields[_random.Next(fields.Length)]] = Number();
                    break;
                default:
                    body[fields[_random.Next(fields.Length)]] = new JsonArray([.. Enumerable.Range(0, _random.Next(1, 3000)).Select(i => (JsonNode)$"10.0.0.{i % 256}")]);
                    break;
            }
        }

        if (victim)
        {
            body["fuzzVictim"] = true; // an unknown field: always refused
        }

        var text = body.ToJsonString();
        return _random.Next(10) switch
        {
            0 => Encoding.UTF8.GetBytes(text[.._random.Next(text.Length)]),
            1 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
            2 => [.. Enumerable.Range(0, _random.Next(1, 200)).Select(_ => (byte)_random.Next(256))],
            3 => Encoding.UTF8.GetBytes(text + " trailing"),
            4 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            5 when _random.Next(4) == 0 => Encoding.UTF8.GetBytes("{\"used\":1,\"inUse\":[" + string.Join(",", Enumerable.Repeat("\"10.0.0.1\"", 110_000)) + "]}"),
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    private long Number() => _random.Next(8) switch
    {
        0 => -1,
        1 => 0,
        2 => int.MaxValue,
        3 => (long)int.MaxValue + 1,
        4 => long.MaxValue,
        5 => long.MinValue,
        _ => _random.Next(1, 600),
    };

    private static string Escape(string id) => id.Length > 0 && id.All(c => c < 128 && c > 32) ? id : Uri.EscapeDataString(id);
}
