using Pacesetter.Scoring;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Web.Pages.DataEntry;

// TEMPORARY until i8-cli's Terms.LevelName/EventTypeName is merged (instance methods win over these).
internal static class TermsStopgap
{
    public static string LevelName(this Terms t, string key) => key switch
    {
        "national" => t.Base == "基础分" || t.Base == "基本分" ? "国家级" : "national level",
        "province" => t.Base == "基础分" || t.Base == "基本分" ? "省级" : "provincial level",
        "city" => t.Base == "基础分" || t.Base == "基本分" ? "市级" : "city level",
        _ => key,
    };

    public static string EventTypeName(this Terms t, string key) => key switch
    {
        "yellow" => t.Base == "基础分" || t.Base == "基本分" ? "黄牌" : "yellow card",
        "red" => t.Base == "基础分" || t.Base == "基本分" ? "红牌" : "red card",
        _ => key,
    };
}
