using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 投票 the ballot of a one-time link, <c>/s/{token}</c> (issue #12 §3): no sign-in, phone first. <c>GET</c> shows the
/// survey's units with the options as large buttons (the rater's own unit left out where the group excludes
/// self-rating) and the top quota as one chooses (wwwroot/js/ballot.js refuses a ballot over the quota or with a unit
/// unrated before it is sent). <c>POST</c> with <c>{"ratings": {"D1": "a", …}}</c> casts it: 201; 400 with why it would
/// be invalid; 409 when the link has voted; 410 when the survey is closed; 404 for an unknown link, as any unknown
/// page; 429 for an address that floods (<see cref="BallotGuard"/>). A form post (without script) casts alike and
/// shows the page again with the outcome. The model parses and renders; <see cref="SurveyService"/> decides.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(BallotGuard.Policy)]
public sealed class BallotModel(SurveyService surveys, BallotGuard guard, IStringLocalizer<OutcomeText> outcomes, IStringLocalizer<BallotText> text) : PageModel
{
    /// <summary>The largest ballot body: 2,000 units' ratings fit.</summary>
    public const int MaxBytes = 256 * 1024;

    [FromRoute] public string Token { get; set; } = "";

    public BallotPage Ballot { get; private set; } = null!;
    public bool English { get; private set; }
    public bool Cast { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Chosen { get; private set; } = new Dictionary<string, string>();

    /// <summary>The units this ballot rates, in the survey's order (the rater's own left out where the group excludes self-rating).</summary>
    public IEnumerable<string> Units => Ballot.Survey.Units.Where(u => !(Ballot.Group.ExcludeSelf && u == Ballot.Rater));

    public int? TopLimit => Ballot.Survey.TopLimit(Units.Count());

    /// <summary>The address is the link's token: this page passes on no referrer, not even to this site's files (ADR 0048).</summary>
    private void NoReferrer() => Response.Headers["Referrer-Policy"] = "no-referrer";

    public async Task<IActionResult> OnGetAsync()
    {
        NoReferrer();
        if (guard.Blocked(HttpContext)) return TooMany();
        var page = await surveys.BallotPageAsync(Token, HttpContext.RequestAborted);
        if (page is null) return guard.Miss(HttpContext) ? NotFound() : TooMany();
        Ballot = page;
        English = RequestLanguage.CurrentIsEnglish;
        if (page.Row.State == SurveyState.Closed) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        NoReferrer();
        if (guard.Blocked(HttpContext)) return TooMany();
        bool form = Request.HasFormContentType;
        byte[]? body;
        Dictionary<string, string> chosen = new(StringComparer.Ordinal);
        if (form)
        {
            var fields = await Request.ReadFormAsync(HttpContext.RequestAborted);
            var ratings = new JsonObject();
            foreach (var (key, value) in fields)
            {
                if (!key.StartsWith("r.", StringComparison.Ordinal) || value.ToString() is not { Length: > 0 } option) continue;
                ratings[key[2..]] = option;
                chosen[key[2..]] = option;
            }
            body = Encoding.UTF8.GetBytes(new JsonObject { ["ratings"] = ratings }.ToJsonString());
        }
        else
        {
            return new HttpAction(await CastJsonAsync(HttpContext, Token, surveys, guard, outcomes, text));
        }
        var outcome = await surveys.CastAsync(Token, body, DateTimeOffset.UtcNow);
        if (outcome.Status == CastStatus.UnknownLink) return guard.Miss(HttpContext) ? NotFound() : TooMany();
        var page = await surveys.BallotPageAsync(Token, HttpContext.RequestAborted);
        Ballot = page!;
        English = RequestLanguage.CurrentIsEnglish;
        Cast = outcome.Status == CastStatus.Cast;
        Chosen = chosen;
        Errors = outcome.Status == CastStatus.Invalid ? [.. outcome.Problems.Select(p => p.Message(Outcomes.Language))] : [];
        Response.StatusCode = outcome.Status switch
        {
            CastStatus.Cast => StatusCodes.Status201Created,
            CastStatus.Invalid => StatusCodes.Status400BadRequest,
            CastStatus.Closed => StatusCodes.Status410Gone,
            _ => StatusCodes.Status409Conflict,
        };
        return Page();
    }

    /// <summary>
    /// A ballot sent as JSON (the page's script, or any client): 201, or the problem. Mapped as its own endpoint for
    /// <c>application/json</c> (SurveysApi), so that a phone's cast does not go through the page's pipeline.
    /// </summary>
    public static async Task<IResult> CastJsonAsync(HttpContext http, string token, SurveyService surveys, BallotGuard guard, IStringLocalizer<OutcomeText> outcomes, IStringLocalizer<BallotText> text)
    {
        if (guard.Blocked(http)) return Outcomes.Problem(StatusCodes.Status429TooManyRequests, text["Ballot.Busy"]);
        var body = await SchemesApi.ReadBodyAsync(http.Request, MaxBytes, http.RequestAborted);
        if (body is null) return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, outcomes["Outcome.Invalid"]);
        var outcome = await surveys.CastAsync(token, body, DateTimeOffset.UtcNow);
        return outcome.Status switch
        {
            CastStatus.UnknownLink => guard.Miss(http) ? Outcomes.Problem(StatusCodes.Status404NotFound, outcomes["Outcome.NotFound"]) : Outcomes.Problem(StatusCodes.Status429TooManyRequests, text["Ballot.Busy"]),
            CastStatus.Cast => TypedResults.Json(new JsonObject { ["cast"] = true }, statusCode: StatusCodes.Status201Created),
            CastStatus.Invalid => WriteOutcome<object>.Invalid(outcome.Problems).ToHttpResult(_ => TypedResults.Ok(), outcomes),
            CastStatus.Closed => Outcomes.Problem(StatusCodes.Status410Gone, text["Ballot.NotCast"], outcome.Problems[0].Message(Outcomes.Language)),
            _ => Outcomes.Problem(StatusCodes.Status409Conflict, text["Ballot.NotCast"], outcome.Problems[0].Message(Outcomes.Language)),
        };
    }

    private IActionResult TooMany() => new HttpAction(Outcomes.Problem(StatusCodes.Status429TooManyRequests, text["Ballot.Busy"]));

    /// <summary>A minimal API result answered from a page handler.</summary>
    private sealed class HttpAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
