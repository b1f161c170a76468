using System.Text;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// Evaluates parsed templates over Helm-shaped data (maps as <see cref="Dictionary{TKey,TValue}"/> of string keys, lists,
/// strings, numbers as double as Helm's YAML decoding gives them, booleans, null) with Go's rules: truthiness of empty
/// values, maps ranged in key order, variables scoped to their block, <c>$</c> the data a template was called with.
/// </summary>
internal sealed class GoTemplateRenderer(IReadOnlyDictionary<string, IReadOnlyList<TemplateNode>> templates)
{
    /// <summary>Renders the named template with <paramref name="data"/> as dot and <c>$</c>.</summary>
    public string Render(string name, object? data)
    {
        if (!templates.TryGetValue(name, out var nodes))
        {
            throw new TemplateException($"no template named \"{name}\"");
        }

        var output = new StringBuilder();
        var scope = new Scope(null);
        scope.Set("$", data);
        Execute(nodes, data, scope, output);
        return output.ToString();
    }

    private void Execute(IReadOnlyList<TemplateNode> nodes, object? dot, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    var value = Evaluate(action.Pipeline, dot, scope);
                    if (action.Pipeline.Declared.Count == 0)
                    {
                        output.Append(GoValues.Print(value));
                    }

                    break;
                case IfNode branch:
                    var inner = new Scope(scope);
                    if (GoValues.IsTrue(Evaluate(branch.Condition, dot, inner)))
                    {
                        Execute(branch.Then, dot, inner, output);
                    }
                    else if (branch.Otherwise is { } otherwise)
                    {
                        Execute(otherwise, dot, new Scope(scope), output);
                    }

                    break;
                case WithNode with:
                    var withScope = new Scope(scope);
                    var subject = Evaluate(with.Value, dot, withScope);
                    if (GoValues.IsTrue(subject))
                    {
                        Execute(with.Body, subject, withScope, output);
                    }
                    else if (with.Otherwise is { } otherwiseWith)
                    {
                        Execute(otherwiseWith, dot, new Scope(scope), output);
                    }

                    break;
                case RangeNode range:
                    RunRange(range, dot, scope, output);
                    break;
            }
        }
    }

    private void RunRange(RangeNode range, object? dot, Scope scope, StringBuilder output)
    {
        var over = Evaluate(range.Over with { Declared = [] }, dot, scope);
        IEnumerable<(object? Key, object? Value)> items = over switch
        {
            Dictionary<string, object?> map => map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ((object?)kv.Key, kv.Value)),
            List<object?> list => list.Select((v, i) => ((object?)(double)i, v)),
            null => [],
            _ => throw new TemplateException($"range over {GoValues.Print(over)}, which is not a map or a list"),
        };
        var any = false;
        foreach (var (key, value) in items)
        {
            any = true;
            var inner = new Scope(scope);
            switch (range.Over.Declared.Count)
            {
                case 1:
                    inner.Set(range.Over.Declared[0], value);
                    break;
                case 2:
                    inner.Set(range.Over.Declared[0], key);
                    inner.Set(range.Over.Declared[1], value);
                    break;
            }

            Execute(range.Body, value, inner, output);
        }

        if (!any && range.Otherwise is { } otherwise)
        {
            Execute(otherwise, dot, new Scope(scope), output);
        }
    }

    private object? Evaluate(Pipeline pipeline, object? dot, Scope scope)
    {
        object? piped = null;
        var first = true;
        foreach (var command in pipeline.Commands)
        {
            piped = Call(command, dot, scope, first ? null : new Piped(piped));
            first = false;
        }

        foreach (var variable in pipeline.Declared)
        {
            scope.Set(variable, piped);
        }

        return piped;
    }

    private object? Call(IReadOnlyList<Operand> command, object? dot, Scope scope, Piped? piped)
    {
        var head = command[0];
        if (head.Kind != OperandKind.Function)
        {
            if (command.Count > 1 || piped is not null)
            {
                throw new TemplateException($"can't give arguments to a non-function ({head.Kind} {head.Name}{string.Join('.', head.Path)})");
            }

            return Operand(head, dot, scope);
        }

        var arguments = command.Skip(1).Select(o => Operand(o, dot, scope)).ToList();
        if (piped is { } p)
        {
            arguments.Add(p.Value);
        }

        return head.Name == "include"
            ? Render(GoValues.String(arguments[0]), arguments.Count > 1 ? arguments[1] : null)
            : HelmFunctions.Call(head.Name, arguments);
    }

    private object? Operand(Operand operand, object? dot, Scope scope) => operand.Kind switch
    {
        OperandKind.Literal => operand.Value,
        OperandKind.Field => GoValues.Walk(dot, operand.Path),
        OperandKind.Variable => GoValues.Walk(scope.Get(operand.Name), operand.Path),
        OperandKind.Pipeline => Evaluate(operand.Inner!, dot, new Scope(scope)),
        _ => HelmFunctions.Call(operand.Name, []),
    };

    private readonly record struct Piped(object? Value);

    private sealed class Scope(Scope? parent)
    {
        private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

        public void Set(string name, object? value)
        {
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                if (scope._variables.ContainsKey(name))
                {
                    scope._variables[name] = value;
                    return;
                }
            }

            _variables[name] = value;
        }

        public object? Get(string name)
        {
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                if (scope._variables.TryGetValue(name, out var value))
                {
                    return value;
                }
            }

            throw new TemplateException($"undefined variable {name}");
        }

        private Scope? Parent => parent;
    }
}
