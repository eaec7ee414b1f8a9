namespace Pacesetter.Web;

/// <summary>
/// The log levels the host starts with wherever it is started from — also without an appsettings.json in its working
/// folder (issue 7 §8: every SQL statement was logged at Information, 1.46 GB after 400,000 requests). Added as the
/// lowest configuration source: appsettings.json, <c>Logging__LogLevel__…</c> variables and the command line override them.
/// </summary>
public static class LoggingDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        // One line per request and per SQL command is a flood, not a log.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
    };
}
