using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>
/// 督办事项 API (ADR 0027) under <c>/api/orgs/{org}/supervision</c>: 立项 (the office), a matter's full view, progress
/// reports with evidence (the responsible unit's reporter, or the office — an admin's token — on its behalf), the
/// workflow's steps, leaders' instructions and their acknowledgement, the office's reminders and their read receipts.
/// Who may do what is <see cref="App.Supervision.SupervisionAccess"/>'s; a matter the caller may not read is 404.
/// </summary>
public static class MattersApi
{
    public static RouteGroupBuilder MapMattersApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Supervised matters");
        group.MapPost("/tasks", Create)
            .WithName("CreateMatter")
            .WithSummary("立项: creates a matter in state draft: {\"id\",\"name\",\"kind\":\"key-task|assigned|livelihood|secretary|milestone\",\"unit\",\"coUnits\":[],\"leader\"?,\"start\",\"due\",\"frequency\":\"weekly|monthly|quarterly\",\"milestones\":[{\"name\",\"due\"}],\"description\"?,\"project\"?}. Admins.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/tasks/{task}", Update)
            .WithName("UpdateMatter")
            .WithSummary("修改: edits a matter in any state: the fields of POST tasks without id, with \"version\" as read (409 when it changed). Reports, steps and cards stay. Admins.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tasks/{task}", Get)
            .WithName("GetMatter")
            .WithSummary("A matter: its fields, state, pending step with deadline and whether it is overdue, live card status as of today, milestones, progress with evidence, steps, instructions, reminders with reads, issued cards. Admins, leaders, reporters of its unit or co-units.")
            .Produces<JsonObject>();
        group.MapPost("/tasks/{task}/progress", Report)
            .WithName("ReportProgress")
            .WithSummary("A progress report {\"date\"?,\"percent\",\"narrative\"?,\"reason\"?}: the responsible unit's reporter or an admin; 403 $.unit for a co-unit; a percent below the latest earlier one needs a reason.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/tasks/{task}/progress/{report:long}/evidence", Evidence)
            .WithName("AddProgressEvidence")
            .WithSummary("Attaches a photo or document (multipart field file: PNG, JPEG, PDF, .docx, .xlsx; 10 MB) to a progress report. The responsible unit's reporter or an admin.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/tasks/{task}/evidence/{evidence:long}", Download)
            .WithName("DownloadProgressEvidence")
            .WithSummary("An evidence file of the matter's progress. Whoever reads the matter.");
        group.MapPost("/tasks/{task}/steps", Step)
            .WithName("TakeMatterStep")
            .WithSummary("A workflow step {\"step\":\"approve|assign|acknowledge|start|feedback|verify|return|close\",\"reason\"?,\"deadline\"?}: approve a leader; assign, verify, return, close the office; acknowledge, start, feedback the unit's reporter or the office. 409 $.step out of order; 400 $.reason for a return without one.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/tasks/{task}/instructions", Instruct)
            .WithName("AddInstruction")
            .WithSummary("批示 {\"text\"}: leaders. The unit's reporters are notified.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/tasks/{task}/instructions/{instruction:long}/acknowledge", Acknowledge)
            .WithName("AcknowledgeInstruction")
            .WithSummary("The responsible unit's reporter acknowledges an instruction (again: the first acknowledgement).")
            .Produces<JsonObject>();
        group.MapPost("/tasks/{task}/reminders", Remind)
            .WithName("SendReminder")
            .WithSummary("催办 {\"message\"?}: admins, one click; the unit's reporters are notified (and the webhooks taking reminder).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/reminders/{reminder:long}/read", Read)
            .WithName("ReadReminder")
            .WithSummary("A recipient (a reporter of the matter's unit) reads a reminder: who and when, once.")
            .Produces<JsonObject>();
        return group;
    }

    private static IResult Json(JsonObject o, int status = StatusCodes.Status200OK) => TypedResults.Json(o, statusCode: status);

    private static IResult Invalid(IReadOnlyList<Problem> problems, IStringLocalizer<OutcomeText> text) =>
        WriteOutcome<object>.Invalid(problems).ToHttpResult(_ => TypedResults.Ok(), text);

    public static async Task<IResult> Create(string org, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!App.Supervision.SupervisionAccess.Manages(actor)) return (WriteOutcome<Matter>.Forbidden() with { Problems = [MatterService.NotManager] }).ToHttpResult(_ => TypedResults.Ok(), text);
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"id\", \"name\", \"kind\", \"unit\", \"start\", \"due\", …}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var input = ReadInput(r, r.Text("id") ?? "");
        if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        var outcome = await matters.CreateAsync(actor, input!, ct);
        if (!outcome.IsOk) return outcome.ToHttpResult(_ => TypedResults.Ok(), text);
        var view = (await matters.GetAsync(actor, outcome.Value!.Code, ct))!;
        return TypedResults.Json(MatterJson.Full(view), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// 修改 a matter in any state: the fields of <see cref="Create"/> without <c>id</c> (the route's), with the
    /// <c>version</c> read (409 when someone saved meanwhile). The reports, steps and cards stay; the next evaluation
    /// reads the new dates.
    /// </summary>
    public static async Task<IResult> Update(string org, string task, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (Outside(actor, text) is { } outside) return outside;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"version\", \"name\", \"kind\", \"unit\", \"start\", \"due\", …}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var input = ReadInput(r, task);
        var version = r.Number("version");
        if (version is not { } v || v != decimal.Truncate(v) || v < 1 || v > int.MaxValue)
        {
            r.Problems.Add(new("$.version", "the version read (a whole number from 1) is required", "须给出读取时的版本号（从 1 起的整数）"));
        }
        if (r.Problems.Count > 0)
        {
            // Who may edit is told before what is wrong with the body.
            if (await matters.GetAsync(actor, task, ct) is null) return TypedResults.NotFound();
            if (!App.Supervision.SupervisionAccess.Manages(actor)) return (WriteOutcome<Matter>.Forbidden() with { Problems = [MatterService.NotManager] }).ToHttpResult(_ => TypedResults.Ok(), text);
            return Invalid(r.Problems, text);
        }
        var outcome = await matters.UpdateAsync(actor, task, input!, (int)version!.Value, ct);
        if (!outcome.IsOk) return outcome.ToHttpResult(_ => TypedResults.Ok(), text);
        return Json(MatterJson.Full((await matters.GetAsync(actor, task, ct))!));
    }

    /// <summary>The matter's fields of a create or update body; the problems in <paramref name="r"/>.</summary>
    private static MatterInput? ReadInput(MatterJson.Reader r, string code)
    {
        var name = r.Text("name") ?? "";
        var kind = MatterNames.Kind(r.Text("kind"));
        if (kind is null) r.Problems.Add(new("$.kind", "the kind must be key-task, assigned, livelihood, secretary or milestone", "类别须为 key-task、assigned、livelihood、secretary 或 milestone"));
        var unit = r.Text("unit") ?? "";
        var coUnits = r.Strings("coUnits");
        var leader = r.Text("leader");
        var start = r.Day("start", required: true);
        var due = r.Day("due", required: true);
        var frequencyName = r.Text("frequency");
        var frequency = frequencyName is null ? ReportFrequency.Monthly : MatterNames.Frequency(frequencyName);
        if (frequency is null) r.Problems.Add(new("$.frequency", "the frequency must be weekly, monthly or quarterly", "报送频次须为 weekly、monthly 或 quarterly"));
        var milestones = r.Milestones("milestones");
        var description = r.Text("description");
        var project = r.Text("project");
        return r.Problems.Count > 0 ? null
            : new MatterInput(code, name, kind!.Value, unit, coUnits, leader, start!.Value, due!.Value, frequency!.Value, description, milestones, project);
    }

    /// <summary>403 for an actor with no part in supervision (an assessor only), else null.</summary>
    private static IResult? Outside(App.Access.Actor actor, IStringLocalizer<OutcomeText> text) => App.Supervision.SupervisionAccess.Supervises(actor) ? null
        : (WriteOutcome<object>.Forbidden() with { Problems = [MatterService.NoSupervision] }).ToHttpResult(_ => TypedResults.Ok(), text);

    public static async Task<IResult> Get(string task, HttpContext http, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (Outside(actor, text) is { } outside) return outside;
        var view = await matters.GetAsync(actor, task, ct);
        return view is null ? TypedResults.NotFound() : Json(MatterJson.Full(view));
    }

    public static async Task<IResult> Report(string org, string task, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"date\"?, \"percent\", \"narrative\"?, \"reason\"?}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var input = new ReportInput(r.Day("date"), r.Number("percent"), r.Text("narrative"), r.Text("reason"));
        if (r.Problems.Count > 0)
        {
            // Who may report is told before what is wrong with the body.
            var denied = await matters.ReportAsync(actor, task, input with { Percent = -1 }, ct);
            if (denied.Status is WriteStatus.NotFound or WriteStatus.Forbidden) return denied.ToHttpResult(_ => TypedResults.Ok(), text);
            return Invalid(r.Problems, text);
        }
        var outcome = await matters.ReportAsync(actor, task, input, ct);
        return outcome.ToHttpResult(s => TypedResults.Json(new JsonObject
        {
            ["id"] = s.Report.Id,
            ["date"] = MatterJson.Date(s.Report.Date),
            ["percent"] = s.Report.Percent,
            ["state"] = MatterNames.Of(s.Matter.State),
            ["live"] = MatterJson.Live(s.Live, s.AsOf),
        }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Evidence(string org, string task, long report, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!request.HasFormContentType) return Invalid([new Problem("$.file", "send the file as multipart/form-data, field \"file\"", "请以 multipart/form-data 上传文件（字段 file）")], text);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Outcome.Invalid"], MatterService.TooLargeEvidence(Limits.EvidenceBytes).Message(Outcomes.Language));
        }
        var file = form.Files.GetFile("file");
        if (file is null) return Invalid([new Problem("$.file", "the file is required (multipart field \"file\")", "请选择文件（字段 file）")], text);
        byte[] content;
        if (file.Length > Limits.EvidenceBytes)
        {
            content = new byte[Limits.EvidenceBytes + 1];
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        var outcome = await matters.AddEvidenceAsync(actor, task, report, file.FileName, content, Limits.EvidenceBytes, ct);
        return outcome.ToHttpResult(e => TypedResults.Json(MatterJson.Evidence(e), statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Download(string task, long evidence, HttpContext http, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (Outside(actor, text) is { } outside) return outside;
        var e = await matters.EvidenceAsync(actor, task, evidence, ct);
        return e is null ? TypedResults.NotFound() : EvidenceDownloads.Api(http, e.Content, e.ContentType, e.FileName);
    }

    public static async Task<IResult> Step(string org, string task, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, TimeProvider clock, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"step\", \"reason\"?, \"deadline\"?}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var input = new StepInput(r.Text("step") ?? "", r.Text("reason"), r.Instant("deadline"));
        if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        var outcome = await matters.StepAsync(actor, task, input, ct);
        return outcome.ToHttpResult(s =>
        {
            var o = MatterJson.Step(s.Step);
            o["next"] = MatterJson.Next(s.Matter, clock.GetUtcNow());
            return TypedResults.Json(o, statusCode: StatusCodes.Status201Created);
        }, text);
    }

    public static async Task<IResult> Instruct(string org, string task, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"text\"}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var words = r.Text("text");
        if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        var outcome = await matters.InstructAsync(actor, task, words, ct);
        return outcome.ToHttpResult(i => TypedResults.Json(new JsonObject { ["id"] = i.Id, ["text"] = i.Text, ["by"] = i.By, ["at"] = MatterJson.Utc(i.At) }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Acknowledge(string task, long instruction, HttpContext http, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await matters.AcknowledgeAsync(actor, task, instruction, ct);
        return outcome.ToHttpResult(i => Json(new JsonObject
        {
            ["id"] = i.Id,
            ["acknowledgedBy"] = i.AcknowledgedBy,
            ["acknowledgedAt"] = i.AcknowledgedAt is { } at ? MatterJson.Utc(at) : null,
        }), text);
    }

    public static async Task<IResult> Remind(string org, string task, HttpRequest request, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        string? message = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"message\"?}", ct);
            if (body is null) return Invalid([bad!], text);
            var r = new MatterJson.Reader(body);
            message = r.Text("message");
            if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        }
        var outcome = await matters.RemindAsync(actor, task, message, ct);
        return outcome.ToHttpResult(s => TypedResults.Json(new JsonObject
        {
            ["id"] = s.Reminder.Id,
            ["at"] = MatterJson.Utc(s.Reminder.SentAt),
            ["recipients"] = new JsonArray([.. s.Recipients.Select(n => (JsonNode)n)]),
        }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Read(long reminder, HttpContext http, MatterService matters, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await matters.ReadReminderAsync(actor, reminder, ct);
        return outcome.ToHttpResult(r => Json(new JsonObject { ["id"] = r.ReminderId, ["user"] = r.UserName, ["readAt"] = MatterJson.Utc(r.ReadAt) }), text);
    }
}
