namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>The texts of the 对标 pages (Resources/Pages.Benchmarks.BenchmarksText.*.resx, from Resources/Benchmarks.tsv).</summary>
public sealed class BenchmarksText;

/// <summary>The 对标 pages' and files' addresses.</summary>
public static class BenchmarkRoutes
{
    public static string Index(string org, int? year = null) => $"/orgs/{org}/benchmarks" + (year is { } y ? $"?year={y}" : "");

    public static string Edit(string org) => $"/orgs/{org}/benchmarks/edit";

    /// <summary>The 对标 report of <paramref name="year"/> as <c>xlsx</c> or <c>docx</c>.</summary>
    public static string Report(string org, int year, string format) => $"/orgs/{org}/benchmarks/report.{format}?year={year}";
}
