namespace Pacesetter.Web.Pages.Surveys;

/// <summary>The texts of the 民主测评 pages (Resources/Pages.Surveys.SurveysText.*.resx, from Resources/Surveys.tsv).</summary>
public sealed class SurveysText;

/// <summary>The 民主测评 pages' and files' addresses.</summary>
public static class SurveyRoutes
{
    public static string Index(string org) => $"/orgs/{org}/surveys";

    public static string New(string org) => $"/orgs/{org}/surveys/new";

    public static string Survey(string org, string id) => $"/orgs/{org}/surveys/{Uri.EscapeDataString(id)}";

    public static string Edit(string org, string id) => Survey(org, id) + "/edit";

    /// <summary>The form that makes one-time links; posted, it answers the printable sheet of QR codes.</summary>
    public static string Links(string org, string id) => Survey(org, id) + "/links";

    public static string Paper(string org, string id) => Survey(org, id) + "/paper";

    public static string PaperTemplate(string org, string id) => Survey(org, id) + "/paper-template.xlsx";

    /// <summary>The exports (<see cref="SurveysApi"/>): the survey and ballots as the command's file, the ballots as CSV, the tally as .xlsx.</summary>
    public static string File(string org, string id) => Survey(org, id) + "/file.json";

    public static string Csv(string org, string id) => Survey(org, id) + "/ballots.csv";

    public static string Workbook(string org, string id) => Survey(org, id) + "/result.xlsx";
}
