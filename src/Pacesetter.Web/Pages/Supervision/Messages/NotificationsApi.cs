using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Supervision.Matters;

namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>
/// 通知 API (ADR 0032), <c>/api/orgs/{org}/notifications</c>: every member reads and marks its own notifications (due and
/// overdue steps, assignments, returns, instructions, reminders, cards, bulletins), with the unread count.
/// </summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Notifications", "/api/orgs/{org}/notifications");
        group.MapGet("", List)
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first (?unread=true: unread only), and the unread count: {\"unread\",\"items\":[{\"id\",\"kind\",\"task\",\"card\",\"text\",\"at\",\"readAt\"}]}.")
            .Produces<JsonObject>();
        group.MapPost("/read", MarkRead)
            .WithName("MarkNotificationsRead")
            .WithSummary("Marks the caller's notifications read: {\"ids\":[…]} those (others' ids are ignored), {} or no body all. Answers {\"read\": n}.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public static string KindName(NotificationKind k) => k switch
    {
        NotificationKind.StepDue => "step-due",
        NotificationKind.StepOverdue => "step-overdue",
        NotificationKind.Card => "card",
        NotificationKind.Reminder => "reminder",
        NotificationKind.Instruction => "instruction",
        NotificationKind.Returned => "returned",
        NotificationKind.Bulletin => "bulletin",
        _ => "assigned",
    };

    public static async Task<IResult> List(bool? unread, HttpContext http, NotificationService notifications, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var list = await notifications.ListAsync(actor, unread ?? false, ct);
        var codes = await notifications.MatterCodesAsync(actor.OrganizationId, list.Select(n => n.MatterId), ct);
        var chinese = Outcomes.Language == Language.Chinese;
        return TypedResults.Json(new JsonObject
        {
            ["unread"] = await notifications.UnreadAsync(actor, ct),
            ["items"] = new JsonArray([.. list.Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Id,
                ["kind"] = KindName(n.Kind),
                ["task"] = n.MatterId is { } m ? codes.GetValueOrDefault(m) : null,
                ["card"] = n.CardId,
                ["text"] = chinese ? n.TextZh : n.TextEn,
                ["at"] = MatterJson.Utc(n.At),
                ["readAt"] = n.ReadAt is { } r ? MatterJson.Utc(r) : null,
            })]),
        });
    }

    public static async Task<IResult> MarkRead(HttpRequest request, NotificationService notifications, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        List<long>? ids = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"ids\"?: [1, 2]}", ct);
            if (body is null) return WriteOutcome<int>.Invalid([bad!]).ToHttpResult(_ => TypedResults.Ok(), text);
            if (body["ids"] is { } node)
            {
                if (node is not JsonArray array) return WriteOutcome<int>.Invalid("$.ids", "must be an array of ids", "须为编号数组").ToHttpResult(_ => TypedResults.Ok(), text);
                ids = [];
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<long>(out var id)) ids.Add(id);
                    else return WriteOutcome<int>.Invalid($"$.ids[{i}]", "must be a whole number", "须为整数").ToHttpResult(_ => TypedResults.Ok(), text);
                }
            }
        }
        var outcome = await notifications.MarkReadAsync(actor, ids, ct);
        return outcome.ToHttpResult(n => TypedResults.Json(new JsonObject { ["read"] = n }), text);
    }
}
