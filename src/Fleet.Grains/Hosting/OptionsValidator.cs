using Microsoft.Extensions.Options;

namespace Fleet.Grains.Hosting;

/// <summary>Adapts an options class's own <c>Validate()</c> (errors naming the key) to <see cref="IValidateOptions{TOptions}"/>.</summary>
internal sealed class OptionsValidator<TOptions>(Func<TOptions, IEnumerable<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
