using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Surveys;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>
/// The authorization matrix's rows of the 民主测评 pages (issue #12): admins and leaders read the list and a survey's
/// page; admins create and change surveys, close and reopen them, make links, enter paper ballots and download the
/// paper template; other members 403; another organization 404; no session: the sign-in page. (The API's rows are
/// in <c>SurveysMatrix</c>.)
/// </summary>
public static class SurveyPagesMatrix
{
    private const string Code = "matrix";
    private const string Pages = "/orgs/{org}/surveys";
    private const string Survey = Pages + "/{id}";

    private static string At(string rest = "") => $"/orgs/{AuthzWorld.Org}/surveys/{Code}{rest}";

    /// <summary>The rows' survey of T1 and T2 in the data period, made directly once, in the state the row needs.</summary>
    private static async Task EnsureAsync(Ctx c, SurveyState state)
    {
        await using var db = c.World.App.NewDb();
        var row = await db.Surveys.FirstOrDefaultAsync(s => s.OrganizationId == c.World.OrganizationId && s.Code == Code);
        if (row is null)
        {
            var survey = new Survey(Code, "矩阵测评", AuthzWorld.DataPeriod, ["T1", "T2"],
                [new SurveyOption("a", "满意", 100m, true), new SurveyOption("b", "不满意", 0m, false)], true, null,
                [new SurveyGroup("leaders", "领导评价", 100m, false, SurveyGroup.DefaultTrimMin, false)]);
            row = new StoredSurvey
            {
                OrganizationId = c.World.OrganizationId,
                Code = Code,
                Period = AuthzWorld.DataPeriod,
                Name = survey.Name,
                Document = SurveyFileJson.ToJson(survey, null, indented: false),
                UpdatedBy = "admin",
                UpdatedAt = DateTimeOffset.UtcNow,
                Version = 1,
            };
            db.Surveys.Add(row);
        }
        row.State = state;
        await db.SaveChangesAsync();
    }

    private static Task OpenAsync(Ctx c) => EnsureAsync(c, SurveyState.Open);

    private static async Task<string> SurveysAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.Surveys.CountAsync(s => s.OrganizationId == c.World.OrganizationId)).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<string> SurveyAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var s = await db.Surveys.AsNoTracking().SingleAsync(s => s.OrganizationId == c.World.OrganizationId && s.Code == Code);
        return $"{s.State}/{s.Version}";
    }

    private static async Task<string> LinksAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.SurveyLinks.CountAsync(l => l.OrganizationId == c.World.OrganizationId)).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<string> BallotsAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.SurveyBallots.CountAsync(b => b.OrganizationId == c.World.OrganizationId)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The survey object's fields as the form posts them (a name of its own each time, so that a save changes it).</summary>
    private static (string, string)[] SurveyFields(Ctx c, string name) =>
    [
        ("Form.Name", name), ("Form.Period", AuthzWorld.DataPeriod), ("Form.Units[0]", "T1"), ("Form.Units[1]", "T2"), ("Form.Abstain", "true"),
        ("Form.Options[0].Id", "a"), ("Form.Options[0].Name", "满意"), ("Form.Options[0].Points", "100"), ("Form.Options[0].Satisfied", "true"),
        ("Form.Options[1].Id", "b"), ("Form.Options[1].Name", "不满意"), ("Form.Options[1].Points", "0"),
        ("Form.Groups[0].Id", "leaders"), ("Form.Groups[0].Name", "领导评价"), ("Form.Groups[0].Weight", "100"),
    ];

    /// <summary>A filled paper template as CSV (the spreadsheet reader takes one named .csv): one ballot of the leaders.</summary>
    private static Task<MultipartFormDataContent> FilledAsync(Ctx c)
    {
        var form = new MultipartFormDataContent { { new StringContent(c.Antiforgery), "__RequestVerificationToken" } };
        var csv = "群体,评价人单位,城东街道,城西街道\r\ngroup,rater,T1,T2\r\n领导评价,,满意,b\r\n";
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "选票.csv");
        return Task.FromResult(form);
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Pages, Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Arrange = OpenAsync },
        new() { Route = Pages + "/new", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = Pages + "/new", Method = "POST", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Body = c => AuthorizationTable.Form([("Form.Id", $"m{c.World.Next()}"), .. SurveyFields(c, "矩阵新建")]),
            State = SurveysAsync,
        },
        new() { Route = Survey + "/edit", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404), Arrange = OpenAsync, Address = _ => At("/edit") },
        new()
        {
            Route = Survey + "/edit", Method = "POST", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = OpenAsync, Address = _ => At("/edit"),
            Body = async c => await AuthorizationTable.Form([("Version", (await SurveyAsync(c)).Split('/')[1]), .. SurveyFields(c, $"矩阵测评 {c.World.Next()}")]),
            State = SurveyAsync,
        },
        new() { Route = Survey, Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Arrange = OpenAsync, Address = _ => At() },
        new()
        {
            Route = Survey, Method = "POST", Handler = "Close", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = OpenAsync, Address = _ => At(), State = SurveyAsync,
        },
        new()
        {
            Route = Survey, Method = "POST", Handler = "Reopen", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = c => EnsureAsync(c, SurveyState.Closed), Address = _ => At(), State = SurveyAsync,
            Body = _ => AuthorizationTable.Form(("Reason", "矩阵：补录")),
        },
        new() { Route = Survey + "/links", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404), Arrange = OpenAsync, Address = _ => At("/links") },
        new()
        {
            Route = Survey + "/links", Method = "POST", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Arrange = OpenAsync, Address = _ => At("/links"), State = LinksAsync,
            Body = _ => AuthorizationTable.Form(("Group", "leaders"), ("Count", "1")),
        },
        new() { Route = Survey + "/paper", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404), Arrange = OpenAsync, Address = _ => At("/paper") },
        new()
        {
            Route = Survey + "/paper", Method = "POST", Handler = "Preview", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Arrange = OpenAsync, Address = _ => At("/paper"),
            Body = _ => AuthorizationTable.Form(("Group", "leaders"), ("Lines", "a b")),
        },
        new()
        {
            Route = Survey + "/paper", Method = "POST", Handler = "Enter", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = OpenAsync, Address = _ => At("/paper"), State = BallotsAsync,
            Body = _ => AuthorizationTable.Form(("Group", "leaders"), ("Lines", "a b")),
        },
        new()
        {
            Route = Survey + "/paper", Method = "POST", Handler = "PreviewFile", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Arrange = OpenAsync, Address = _ => At("/paper"), Multipart = FilledAsync,
        },
        new()
        {
            Route = Survey + "/paper", Method = "POST", Handler = "EnterFile", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = OpenAsync, Address = _ => At("/paper"), State = BallotsAsync,
            Body = _ => AuthorizationTable.Form(("Ballots", """[{"group":"leaders","ratings":{"T1":"a","T2":"b"}}]"""), ("FileName", "选票.xlsx")),
        },
        new() { Route = Survey + "/paper-template.xlsx", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404), Arrange = OpenAsync, Address = _ => At("/paper-template.xlsx") },
    ];
}
