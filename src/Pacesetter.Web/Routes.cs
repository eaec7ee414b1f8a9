namespace Pacesetter.Web;

/// <summary>The pages' addresses, in one place so that links and pages agree.</summary>
public static class Routes
{
    public static string Scheme(string org, string period) => $"/orgs/{org}/periods/{period}/scheme";
    public static string Entry(string org, string period) => $"/orgs/{org}/periods/{period}/entry";
    public static string Matrix(string org, string period) => $"/orgs/{org}/periods/{period}/matrix";
    public static string Preview(string org, string period) => $"/orgs/{org}/periods/{period}/preview";
    public static string Schemes(string org) => $"/orgs/{org}/schemes";
    public static string Units(string org) => $"/orgs/{org}/units";
    public static string Users(string org) => $"/orgs/{org}/users";
    public static string Tokens(string org) => $"/orgs/{org}/tokens";
    public static string Audit(string org) => $"/orgs/{org}/audit";
}
