using System.Globalization;
using Pacesetter.App.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// How large a scheme file may be, for <c>PUT …/scheme</c> and the import page: <c>Limits:SchemeFileBytes</c>
/// (default <see cref="SchemeImporter.MaxBytes"/>, 64 MB: a province of 1,000,000 values is about 18 MB). Kestrel's
/// request limit (30 MB by default) and the form's are raised to it for those two routes only.
/// </summary>
public sealed record SchemeFileLimit(long Bytes)
{
    public static SchemeFileLimit From(IConfiguration configuration)
    {
        var bytes = configuration.GetValue<long?>("Limits:SchemeFileBytes") ?? SchemeImporter.MaxBytes;
        if (bytes <= 0) throw new InvalidOperationException($"Limits:SchemeFileBytes must be a positive number of bytes, not {bytes}");
        return new SchemeFileLimit(bytes);
    }

    /// <summary>The limit in MB as the refusal states it (<c>64</c>, <c>0.5</c>).</summary>
    public string Megabytes => (Bytes / (1024m * 1024m)).ToString("0.##", CultureInfo.InvariantCulture);
}
