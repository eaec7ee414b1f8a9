namespace Pacesetter.Web.Pages.Public;

/// <summary>The public pages' addresses (anonymous, ADR 0020).</summary>
public static class PublicRoutes
{
    public static string Periods(string org) => $"/public/{Uri.EscapeDataString(org)}";
    public static string Posting(string org, string period) => $"/public/{Uri.EscapeDataString(org)}/{Uri.EscapeDataString(period)}";
    public static string Csv(string org, string period) => Posting(org, period) + ".csv";
}
