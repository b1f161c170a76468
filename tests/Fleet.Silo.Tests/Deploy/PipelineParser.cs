using System.Globalization;
using System.Text;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>Pipelines: <c>[$x :=] command (| command)*</c>, a command being operands, a function first when it calls one.</summary>
internal static class PipelineParser
{
    public static Pipeline Parse(string name, string text)
    {
        var tokens = Tokenize(name, text);
        var position = 0;
        var pipeline = ParsePipeline(name, tokens, ref position);
        if (position != tokens.Count)
        {
            throw new TemplateException($"{name}: unexpected '{tokens[position]}' in {{{{ {text} }}}}");
        }

        return pipeline;
    }

    public static string Unquote(string name, string literal) =>
        literal.Length >= 2 && literal[0] == '"' && literal[^1] == '"'
            ? System.Text.RegularExpressions.Regex.Unescape(literal[1..^1])
            : throw new TemplateException($"{name}: expected a quoted name, found {literal}");

    private static Pipeline ParsePipeline(string name, List<string> tokens, ref int position)
    {
        // Declarations: "$x :=" or "$k, $v :=" (range).
        var declared = new List<string>();
        if (position + 1 < tokens.Count && tokens[position].StartsWith('$'))
        {
            if (tokens[position + 1] is ":=" or "=")
            {
                declared.Add(tokens[position]);
                position += 2;
            }
            else if (tokens[position + 1] == "," && position + 3 < tokens.Count && tokens[position + 3] is ":=" or "=")
            {
                declared.AddRange([tokens[position], tokens[position + 2]]);
                position += 4;
            }
        }

        var commands = new List<IReadOnlyList<Operand>> { ParseCommand(name, tokens, ref position) };
        while (position < tokens.Count && tokens[position] == "|")
        {
            position++;
            commands.Add(ParseCommand(name, tokens, ref position));
        }

        return new Pipeline(declared, commands);
    }

    private static List<Operand> ParseCommand(string name, List<string> tokens, ref int position)
    {
        var operands = new List<Operand>();
        while (position < tokens.Count && tokens[position] is not ("|" or ")"))
        {
            var token = tokens[position++];
            if (token == "(")
            {
                var inner = ParsePipeline(name, tokens, ref position);
                if (position >= tokens.Count || tokens[position++] != ")")
                {
                    throw new TemplateException($"{name}: unclosed '('");
                }

                operands.Add(new Operand(OperandKind.Pipeline, string.Empty, [], Inner: inner));
            }
            else
            {
                operands.Add(Classify(name, token));
            }
        }

        return operands.Count > 0 ? operands : throw new TemplateException($"{name}: empty command");
    }

    private static Operand Classify(string name, string token) => token switch
    {
        _ when token[0] is '"' or '`' => new Operand(OperandKind.Literal, string.Empty, [], token[0] == '`' ? token[1..^1] : Unquote(name, token)),
        "true" or "false" => new Operand(OperandKind.Literal, string.Empty, [], token == "true"),
        "nil" => new Operand(OperandKind.Literal, string.Empty, [], null),
        _ when char.IsDigit(token[0]) || (token[0] == '-' && token.Length > 1) =>
            new Operand(OperandKind.Literal, string.Empty, [], double.Parse(token, CultureInfo.InvariantCulture)),
        _ when token[0] == '.' => new Operand(OperandKind.Field, string.Empty, token == "." ? [] : token[1..].Split('.')),
        _ when token[0] == '$' => new Operand(OperandKind.Variable, token.Split('.')[0], token.Split('.').Skip(1).ToArray()),
        _ when char.IsLetter(token[0]) => new Operand(OperandKind.Function, token, []),
        _ => throw new TemplateException($"{name}: cannot read '{token}'"),
    };

    private static List<string> Tokenize(string name, string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '|' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '"' or '`')
            {
                var token = new StringBuilder().Append(c);
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    token.Append(text[i]);
                    if (c == '"' && text[i] == '\\')
                    {
                        token.Append(text[++i]);
                    }
                }

                tokens.Add(token.Append(c).ToString());
                i++;
            }
            else if (c == ':' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add(":=");
                i += 2;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '|' or ','))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens.Count > 0 ? tokens : throw new TemplateException($"{name}: empty action");
    }
}
