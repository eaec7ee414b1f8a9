namespace Pacesetter.Web.Pages.Supervision;

/// <summary>The addresses of supervision's pages, in one place so that links and pages agree.</summary>
public static class SupervisionRoutes
{
    public static string Hub(string org) => $"/orgs/{org}/supervision";
    public static string Tasks(string org) => $"/orgs/{org}/supervision/tasks";
    public static string NewTask(string org) => $"/orgs/{org}/supervision/tasks/new";
    public static string Task(string org, string task) => $"/orgs/{org}/supervision/tasks/{Uri.EscapeDataString(task)}";
    public static string EditTask(string org, string task) => $"/orgs/{org}/supervision/tasks/{Uri.EscapeDataString(task)}/edit";
    public static string Import(string org) => $"/orgs/{org}/supervision/import";
    public static string Rules(string org) => $"/orgs/{org}/supervision/rules";
    public static string Cards(string org) => $"/orgs/{org}/supervision/cards";
    public static string CardHistory(string org, string task) => $"/orgs/{org}/supervision/tasks/{Uri.EscapeDataString(task)}/cards";
    public static string Projects(string org) => $"/orgs/{org}/supervision/projects";
    public static string Project(string org, string project) => $"/orgs/{org}/supervision/projects/{Uri.EscapeDataString(project)}";
    public static string Timeline(string org) => $"/orgs/{org}/supervision/timeline";
    public static string Bulletins(string org) => $"/orgs/{org}/supervision/bulletins";
    public static string Bulletin(string org, int id) => $"/orgs/{org}/supervision/bulletins/{id}";
    public static string BulletinPrint(string org, int id) => $"/orgs/{org}/supervision/bulletins/{id}/print";
    public static string BulletinDocx(string org, int id) => $"/orgs/{org}/supervision/bulletins/{id}?handler=Docx";
    public static string Notifications(string org) => $"/orgs/{org}/notifications";
    public static string Webhooks(string org) => $"/orgs/{org}/webhooks";
}
