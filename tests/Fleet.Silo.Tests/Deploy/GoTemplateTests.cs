namespace Fleet.Silo.Tests.Deploy;

/// <summary>The chart renderer follows Go's text/template and Sprig where the chart relies on them.</summary>
public sealed class GoTemplateTests
{
    private static string Render(string template, string values = "{}")
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, values);
        var data = new Dictionary<string, object?> { ["Values"] = HelmChart.ReadYaml(path) };
        File.Delete(path);
        var defines = new Dictionary<string, IReadOnlyList<TemplateNode>>(StringComparer.Ordinal);
        defines["t"] = GoTemplateParser.Parse("t", template, defines);
        return new GoTemplateRenderer(defines).Render("t", data);
    }

    [Theory]
    [InlineData("a\n  {{- \"b\" }}\nc", "ab\nc")] // {{- trims every whitespace before, newlines included
    [InlineData("a {{ \"b\" -}}  \n  c", "a bc")] // -}} trims every whitespace after
    [InlineData("a{{/* gone */}}b", "ab")]
    [InlineData("{{ .Values.n }}", "8080")] // numbers are float64 in Helm, printed as Go's %v
    [InlineData("{{ .Values.big }}", "123456789012")]
    [InlineData("{{ .Values.missing }}|{{ .Values.missing | quote }}", "|")] // a missing value renders empty
    [InlineData("{{ .Values.n | quote }}", "\"8080\"")]
    [InlineData("{{ default \"x\" .Values.empty }}{{ default \"x\" .Values.s }}", "xs")]
    [InlineData("{{ printf \"%s-%v\" .Values.s .Values.n | trunc 3 | trimSuffix \"-\" }}", "s-8")]
    [InlineData("{{ if .Values.t }}yes{{ else if .Values.f }}no{{ else }}neither{{ end }}", "yes")]
    [InlineData("{{ if .Values.f }}yes{{ else if .Values.n }}n{{ end }}", "n")]
    [InlineData("{{ with .Values.m }}{{ .b }}{{ end }}{{ with .Values.empty }}x{{ end }}", "2")]
    [InlineData("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", "a=1;b=2;")] // maps range in key order
    [InlineData("{{ range .Values.l }}[{{ . }}]{{ end }}", "[x][y]")]
    [InlineData("{{ $v := .Values.s }}{{ if true }}{{ $v }}{{ end }}", "s")]
    [InlineData("{{ and .Values.t (not .Values.f) }} {{ or .Values.empty .Values.s }} {{ eq (int .Values.n) 8080 }}", "true s true")]
    [InlineData("x:{{ .Values.m | toYaml | nindent 2 }}", "x:\n  a: 1\n  b: 2")]
    [InlineData("{{ print \"a\" 1 2 \"b\" }}", "a1 2b")] // Go's Sprint spaces only between non-strings
    public void Renders_as_helm_would(string template, string expected)
    {
        const string Values = "{ n: 8080, big: 123456789012, s: s, t: true, f: false, empty: '', m: { b: 2, a: 1 }, l: [x, y] }";
        Assert.Equal(expected, Render(template, Values));
    }

    [Theory]
    [InlineData("{{ required \"set it\" .Values.missing }}", "set it")]
    [InlineData("{{ fail \"no\" }}", "no")]
    [InlineData("{{ lookup \"v1\" }}", "function \"lookup\" is not known")] // a function the renderer lacks is an error, never a silent blank
    [InlineData("{{ if true }}open", "closed by the end of the file")]
    [InlineData("{{ eq 1 \"1\" }}", "incompatible types")]
    public void Errors_name_what_went_wrong(string template, string message)
    {
        var error = Assert.Throws<TemplateException>(() => Render(template));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
