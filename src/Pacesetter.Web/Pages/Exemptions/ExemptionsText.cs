namespace Pacesetter.Web.Pages.Exemptions;

/// <summary>The texts of the 容错免责 pages (Resources/Pages.Exemptions.ExemptionsText.*.resx, from Resources/Exemptions.tsv).</summary>
public sealed class ExemptionsText;

/// <summary>The 容错免责 pages' and files' addresses.</summary>
public static class ExemptionRoutes
{
    public static string Index(string org) => $"/orgs/{org}/exemptions";

    /// <summary>The register filtered: a year, a state (pending, granted, partial, refused), a unit; null: any.</summary>
    public static string Index(string org, int? year, string? state, string? unit) => Index(org) + Query(year, state, unit);

    public static string Apply(string org, string? period = null, string? unit = null) =>
        $"/orgs/{org}/exemptions/apply" + (period is null && unit is null ? "" : "?" + string.Join("&", new[] { period is null ? null : "period=" + Uri.EscapeDataString(period), unit is null ? null : "unit=" + Uri.EscapeDataString(unit) }.OfType<string>()));

    /// <summary>The register as .xlsx with the page's filters.</summary>
    public static string Workbook(string org, int? year, string? state, string? unit) => $"/orgs/{org}/exemptions/register.xlsx" + Query(year, state, unit);

    public static string Evidence(string org, int exemption, long file) => $"/orgs/{org}/exemptions/{exemption}/evidence/{file}";

    private static string Query(int? year, string? state, string? unit)
    {
        var parts = new[] { year is { } y ? "year=" + y : null, state is null ? null : "state=" + Uri.EscapeDataString(state), unit is null ? null : "unit=" + Uri.EscapeDataString(unit) }.OfType<string>().ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
