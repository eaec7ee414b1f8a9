namespace Pacesetter.Web.Pages.DataImport;

/// <summary>The texts of the import page (Resources/Pages.DataImport.DataImportText.*.resx, from Resources/DataImport.tsv).</summary>
public sealed class DataImportText;

/// <summary>The import page's and the template's addresses.</summary>
public static class DataImportRoutes
{
    public static string Page(string org, string period) => $"/orgs/{org}/periods/{period}/import";

    public static string Template(string org, string period) => $"/orgs/{org}/periods/{period}/template.xlsx";
}
