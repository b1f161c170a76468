namespace Fleet.Silo.Tests.Deploy;

/// <summary>A parsed template: text, actions and control structures.</summary>
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

internal sealed record ActionNode(Pipeline Pipeline) : TemplateNode;

internal sealed record IfNode(Pipeline Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Otherwise) : TemplateNode;

internal sealed record WithNode(Pipeline Value, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Otherwise) : TemplateNode;

internal sealed record RangeNode(Pipeline Over, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Otherwise) : TemplateNode;

/// <summary><c>[$a[, $b] :=] command | command …</c>.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Declared, IReadOnlyList<IReadOnlyList<Operand>> Commands);

internal enum OperandKind
{
    Literal,
    Field,
    Variable,
    Function,
    Pipeline,
}

/// <summary>
/// One operand: a literal <see cref="Value"/>; a field chain <see cref="Path"/> from dot; a variable <see cref="Name"/>
/// with a field chain; a function <see cref="Name"/>; or a parenthesised <see cref="Inner"/> pipeline.
/// </summary>
internal sealed record Operand(OperandKind Kind, string Name, IReadOnlyList<string> Path, object? Value = null, Pipeline? Inner = null);
