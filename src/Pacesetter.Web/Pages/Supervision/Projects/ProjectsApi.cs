using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Projects;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Projects;

/// <summary>A project as posted or put: <c>{"id","name","investment","unit","stage"?,"stageOn"?,"reason"?,"milestones"?:[{"name","due"}],"version"?}</c>.</summary>
public sealed record ProjectBody(string? Id, string? Name, decimal? Investment, string? Unit, string? Stage, string? StageOn, string? Reason,
    List<MilestoneInput>? Milestones, int? Version);

/// <summary>A change of stage: <c>{"stage","on"?,"reason"?,"milestones"?}</c>.</summary>
public sealed record StageBody(string? Stage, string? On, string? Reason, List<MilestoneInput>? Milestones);

/// <summary>
/// 重大项目 API (ADR 0031) under <c>/api/orgs/{org}/supervision</c>: projects (read: admins, leaders, a reporter its
/// units'; write: the office), their dated stages, and the figures of a period (admins and leaders).
/// </summary>
public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Projects");
        group.MapGet("/projects", List).WithName("ListProjects")
            .WithSummary("The major projects the caller may read, by id (admins and leaders: all; a reporter: its units').");
        group.MapPost("/projects", Create).WithName("CreateProject")
            .WithSummary("Creates a project {\"id\",\"name\",\"investment\" (亿元),\"unit\",\"stage\"?,\"stageOn\"?,\"reason\"?,\"milestones\"?}; 409 $.id when it exists. Admins.")
            .Produces(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/projects/figures", Figures).WithName("ProjectFigures")
            .WithSummary("The figures of a period (?period=2026-Q2): projects, investment, size classes ≥1/10/50/100 亿元, conversion and completion rates, for the organization and each unit. Admins and leaders.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/projects/{project}", Get).WithName("GetProject")
            .WithSummary("A project with its dated stages and its milestone matters.");
        group.MapPut("/projects/{project}", Put).WithName("SaveProject")
            .WithSummary("Creates or updates the project by id (name, investment, unit; \"version\" optional: 409 when it changed). Admins.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/projects/{project}/stages", Stage).WithName("ChangeProjectStage")
            .WithSummary("A dated change of stage {\"stage\":\"signed|started|completed|dropped\",\"on\"?,\"reason\"?,\"milestones\"?}: never backwards (409 $.stage); dropped needs a reason. Admins.")
            .Produces(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<IResult> List(string org, HttpContext http, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var list = await projects.ListAsync(actor, ct);
        if (list is null) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var names = await projects.UnitNamesAsync(actor.OrganizationId, ct);
        return TypedResults.Json(new JsonArray([.. list.Select(p => (JsonNode)Summary(p, names.GetValueOrDefault(p.UnitCode, p.UnitCode)))]));
    }

    public static async Task<IResult> Get(string org, string project, HttpContext http, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Supervises(actor)) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var view = await projects.GetAsync(actor, project, ct);
        return view is null ? Outcomes.Problem(StatusCodes.Status404NotFound, text["Outcome.NotFound"]) : TypedResults.Json(Dto(view));
    }

    public static async Task<IResult> Create(string org, HttpRequest request, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!SupervisionAccess.Manages(actor)) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var (body, bad) = await ReadAsync<ProjectBody>(request, ct);
        if (body is null) return bad!.ToHttpResult(_ => TypedResults.Ok(), text);
        var outcome = await projects.SaveAsync(actor, Input(body, body.Id), body.Version, createOnly: true, ct);
        return outcome.ToHttpResult(v => TypedResults.Created($"/api/orgs/{org}/supervision/projects/{Uri.EscapeDataString(v.Project.Code)}", Dto(v)), text);
    }

    public static async Task<IResult> Put(string org, string project, HttpRequest request, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!SupervisionAccess.Manages(actor)) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var (body, bad) = await ReadAsync<ProjectBody>(request, ct);
        if (body is null) return bad!.ToHttpResult(_ => TypedResults.Ok(), text);
        if (body.Id is not null && body.Id != project)
        {
            return WriteOutcome<bool>.Invalid("$.id", $"the id \"{body.Id}\" is not the address's \"{project}\"", $"项目编号“{body.Id}”与地址中的“{project}”不一致").ToHttpResult(_ => TypedResults.Ok(), text);
        }
        var outcome = await projects.SaveAsync(actor, Input(body, project), body.Version, createOnly: false, ct);
        return outcome.ToHttpResult(v => TypedResults.Json(Dto(v)), text);
    }

    public static async Task<IResult> Stage(string org, string project, HttpRequest request, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!SupervisionAccess.Supervises(actor)) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var (body, bad) = await ReadAsync<StageBody>(request, ct);
        if (body is null) return bad!.ToHttpResult(_ => TypedResults.Ok(), text);
        var outcome = await projects.ChangeStageAsync(actor, project, new StageInput(body.Stage, body.On, body.Reason, body.Milestones), ct);
        return outcome.ToHttpResult(v => TypedResults.Json(Dto(v), statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Figures(string org, string? period, HttpContext http, ProjectService projects, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Oversees(actor)) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var figures = period is { Length: <= InputLimits.Period } ? await projects.FiguresAsync(actor.OrganizationId, period, ct) : null;
        if (figures is null)
        {
            return WriteOutcome<bool>.Invalid("$.period", $"\"{period}\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026)", $"“{period}”不是有效的考核期（如 2026-10、2026-Q3、2026-H1、2026）")
                .ToHttpResult(_ => TypedResults.Ok(), text);
        }
        return TypedResults.Json(FiguresDto(figures));
    }

    private static ProjectInput Input(ProjectBody b, string? code) => new(code, b.Name, b.Investment, b.Unit, b.Stage, b.StageOn, b.Reason, b.Milestones);

    /// <summary>The body as <typeparamref name="T"/>, or the problem naming where it is not (its JSON path).</summary>
    private static async Task<(T? Body, WriteOutcome<bool>? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var body = await request.ReadFromJsonAsync<T>(ct);
            if (body is not null) return (body, null);
        }
        catch (JsonException e)
        {
            return (null, WriteOutcome<bool>.Invalid(e.Path is { Length: > 0 } p ? p : "$", "not the expected JSON here", "此处的 JSON 不符合要求"));
        }
        catch (InvalidOperationException)
        {
            // Not JSON at all (no JSON content type).
        }
        return (null, WriteOutcome<bool>.Invalid("$", "the body must be a JSON object", "请求体须为 JSON 对象"));
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Summary(App.Supervision.Model.Project p, string unitName) => new()
    {
        ["id"] = p.Code,
        ["name"] = p.Name,
        ["investment"] = p.Investment,
        ["unit"] = p.UnitCode,
        ["unitName"] = unitName,
        ["stage"] = ProjectService.StageName(p.Stage),
        ["stageOn"] = Date(p.StageOn),
        ["droppedReason"] = p.DroppedReason,
        ["version"] = p.Version,
    };

    public static JsonObject Dto(ProjectView v)
    {
        var o = Summary(v.Project, v.UnitName);
        o["stages"] = new JsonArray([.. v.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["from"] = s.From is { } f ? ProjectService.StageName(f) : null,
            ["to"] = ProjectService.StageName(s.To),
            ["on"] = Date(s.On),
            ["reason"] = s.Reason,
            ["by"] = s.By,
            ["at"] = s.At.ToUniversalTime(),
        })]);
        o["milestones"] = new JsonArray([.. v.Milestones.Select(m => (JsonNode)JsonValue.Create(m))]);
        return o;
    }

    public static JsonObject FigureSet(ProjectFigureSet f) => new()
    {
        ["projects"] = f.Projects,
        ["investment"] = f.Investment,
        ["sizes"] = new JsonObject(f.Sizes.Select(s => KeyValuePair.Create(s.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)s.Value))),
        ["conversion"] = new JsonObject { ["signed"] = f.Conversion.Of, ["started"] = f.Conversion.Done, ["rate"] = f.Conversion.Rate },
        ["completion"] = new JsonObject { ["started"] = f.Completion.Of, ["completed"] = f.Completion.Done, ["rate"] = f.Completion.Rate },
    };

    public static JsonObject FiguresDto(ProjectFiguresView v)
    {
        var units = new JsonArray();
        foreach (var (unit, name, figures) in v.Units)
        {
            var o = new JsonObject { ["unit"] = unit, ["name"] = name };
            foreach (var (k, value) in FigureSet(figures)) o[k] = value?.DeepClone();
            units.Add(o);
        }
        return new JsonObject { ["period"] = v.Period, ["organization"] = FigureSet(v.Organization), ["units"] = units };
    }
}
