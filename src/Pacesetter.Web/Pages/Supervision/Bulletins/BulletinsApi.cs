using Microsoft.Extensions.Localization;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>A bulletin as answered: its current text (the issued text once issued) and, for admins and leaders, the system's draft as drafted.</summary>
public sealed record BulletinDto(int Id, string Month, string State, int? Year, int? Number, string Title, string TitleEn,
    IReadOnlyList<BulletinSection> Sections, IReadOnlyList<BulletinSection>? SectionsEn, BulletinDraft? Draft,
    string CreatedBy, DateTimeOffset CreatedAt, string? IssuedBy, DateTimeOffset? IssuedAt, int Version)
{
    public static BulletinDto From(Bulletin b, bool withDraft)
    {
        var text = BulletinJson.Text(b.IssuedText ?? b.Text);
        return new(b.Id, b.Month, b.State == BulletinState.Issued ? "issued" : "draft", b.Year, b.Number, BulletinJson.Title(b), BulletinJson.TitleEn(b),
            text.Sections, text.SectionsEn, withDraft ? BulletinJson.Draft(b.Draft) : null, b.CreatedBy, b.CreatedAt, b.IssuedBy, b.IssuedAt, b.Version);
    }
}

/// <summary>A bulletin in a list.</summary>
public sealed record BulletinItemDto(int Id, string Month, string State, int? Year, int? Number, string Title, DateTimeOffset? IssuedAt, int Version);

public sealed record BulletinDraftBody(string? Month);

public sealed record BulletinEditBody(List<BulletinSection>? Sections, List<BulletinSection>? SectionsEn, int? Version);

public sealed record BulletinIssueBody(int? Version);

/// <summary>
/// 督查通报 API (ADR 0033): the office drafts a month's bulletin from its figures, edits it, issues it once
/// (督查通报〔YYYY〕第N期); everyone of the organization reads the issued ones (and their .docx), admins and leaders the drafts.
/// </summary>
public static class BulletinsApi
{
    public static RouteGroupBuilder MapBulletinsApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Bulletins");
        group.MapGet("/bulletins", List)
            .WithName("ListBulletins")
            .WithSummary("The organization's bulletins, newest month first: all for admins and leaders, the issued ones for the other members.")
            .Produces<List<BulletinItemDto>>();
        group.MapPost("/bulletins", Draft)
            .WithName("DraftBulletin")
            .WithSummary("Drafts the bulletin of {\"month\":\"YYYY-MM\"} from the month's figures (cards issued, escalated and lifted, overdue steps, units by cards, matters completed); 409 when the month has one. Admins.")
            .Accepts<BulletinDraftBody>("application/json")
            .Produces<BulletinDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/bulletins/{bulletin:int}", Get)
            .WithName("GetBulletin")
            .WithSummary("A bulletin: its text, number and title; the system's draft for admins and leaders. Drafts: admins and leaders; issued: every member.")
            .Produces<BulletinDto>();
        group.MapPut("/bulletins/{bulletin:int}", Edit)
            .WithName("EditBulletin")
            .WithSummary("The office's text of a draft: {\"sections\":[{\"heading\",\"paragraphs\":[…]}],\"sectionsEn\"?,\"version\"?}; 409 once issued or when the version changed. Admins.")
            .Accepts<BulletinEditBody>("application/json")
            .Produces<BulletinDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/bulletins/{bulletin:int}/issue", Issue)
            .WithName("IssueBulletin")
            .WithSummary("Issues a draft with the next number of the year of issue (督查通报〔YYYY〕第N期), keeping its text as issued; 409 when issued already. Admins.")
            .Accepts<BulletinIssueBody>("application/json")
            .Produces<BulletinDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/bulletins/{bulletin:int}.docx", Docx)
            .WithName("BulletinDocx")
            .WithSummary("The bulletin as a Word document in the government layout (GB/T 9704). Issued: every member; drafts: admins and leaders.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        return group;
    }

    public static async Task<IResult> List(HttpContext http, BulletinService bulletins, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var list = await bulletins.ListAsync(actor, ct);
        return TypedResults.Ok(list.Select(b => new BulletinItemDto(b.Id, b.Month, b.State == BulletinState.Issued ? "issued" : "draft", b.Year, b.Number,
            BulletinJson.Title(b), b.IssuedAt, b.Version)).ToList());
    }

    public static async Task<IResult> Draft(string org, BulletinDraftBody body, HttpContext http, BulletinService bulletins, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await bulletins.DraftAsync(actor, body.Month, ct);
        return outcome.ToHttpResult(b => TypedResults.Created($"/api/orgs/{org}/supervision/bulletins/{b.Id}", BulletinDto.From(b, true)), text);
    }

    public static async Task<IResult> Get(int bulletin, HttpContext http, BulletinService bulletins, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var b = await bulletins.GetAsync(actor, bulletin, ct);
        return b is null ? TypedResults.NotFound() : TypedResults.Ok(BulletinDto.From(b, SupervisionAccess.Oversees(actor)));
    }

    public static async Task<IResult> Edit(int bulletin, BulletinEditBody body, HttpContext http, BulletinService bulletins, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await bulletins.EditAsync(actor, bulletin, body.Sections is null ? null : new BulletinText(body.Sections, body.SectionsEn), body.Version, ct);
        return outcome.ToHttpResult(b => TypedResults.Ok(BulletinDto.From(b, true)), text);
    }

    public static async Task<IResult> Issue(int bulletin, HttpRequest request, BulletinService bulletins, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        int? version = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                version = (await request.ReadFromJsonAsync<BulletinIssueBody>(ct))?.Version;
            }
            catch (System.Text.Json.JsonException)
            {
                return WriteOutcome<Bulletin>.Invalid("$", "the body must be a JSON object {\"version\"} or empty", "请求体须为 JSON 对象 {\"version\"} 或为空").ToHttpResult(_ => TypedResults.Ok(), text);
            }
        }
        var outcome = await bulletins.IssueAsync(actor, bulletin, version, ct);
        return outcome.ToHttpResult(b => TypedResults.Ok(BulletinDto.From(b, true)), text);
    }

    public static async Task<IResult> Docx(int bulletin, HttpContext http, BulletinService bulletins, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var b = await bulletins.GetAsync(actor, bulletin, ct);
        if (b is null) return TypedResults.NotFound();
        var name = (b.Number is { } n ? $"督查通报{b.Year}-{n}" : $"督查通报草稿-{b.Month}") + ".docx";
        return TypedResults.File(BulletinService.Docx(b, actor.Organization.Name), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name);
    }
}
