using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Supervision.Bulletins;

/// <summary>
/// 督查通报 the monthly bulletin (ADR 0033): drafted by the system from the month's figures, edited by the office,
/// issued once with its number within the calendar year of issue (督查通报〔2026〕第N期, given under the organization's
/// lock). The draft and the issued text are kept; every step is audited (<c>bulletin.draft|edit|issue</c>) and the
/// issue is told (in-app and webhooks, event <c>bulletin</c>). Issued bulletins are read by every member of the
/// organization; drafts by admins and leaders.
/// </summary>
public sealed class BulletinService(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    public const int MaxSections = 20;
    public const int MaxParagraphs = 50;

    private DateOnly Today => WorkingDays.Today(clock);

    /// <summary>The bulletins the actor reads, newest month first: all for admins and leaders, the issued ones for the other members.</summary>
    public async Task<List<Bulletin>> ListAsync(Actor a, CancellationToken ct)
    {
        var q = db.Bulletins.AsNoTracking().Where(b => b.OrganizationId == a.OrganizationId);
        if (!SupervisionAccess.Oversees(a)) q = q.Where(b => b.State == BulletinState.Issued);
        return await q.OrderByDescending(b => b.Month).ToListAsync(ct);
    }

    /// <summary>One bulletin, or null when it does not exist or is a draft the actor may not read.</summary>
    public async Task<Bulletin?> GetAsync(Actor a, int id, CancellationToken ct)
    {
        var b = await db.Bulletins.AsNoTracking().SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
        return b is null || (b.State != BulletinState.Issued && !SupervisionAccess.Oversees(a)) ? null : b;
    }

    /// <summary>A month as <c>yyyy-MM</c>, or null.</summary>
    public static DateOnly? ParseMonth(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The system's draft of <paramref name="month"/> (not after the current month, Beijing); 409 when the month has a bulletin.</summary>
    public async Task<WriteOutcome<Bulletin>> DraftAsync(Actor a, string? month, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<Bulletin>.Forbidden();
        if (ParseMonth(month) is not { } first)
        {
            return WriteOutcome<Bulletin>.Invalid("$.month", $"must be a month YYYY-MM, not \"{Clip(month)}\"", $"须为月份 YYYY-MM，而不是“{Clip(month)}”");
        }
        var today = Today;
        if (first > new DateOnly(today.Year, today.Month, 1))
        {
            return WriteOutcome<Bulletin>.Invalid("$.month", $"must not be after the current month {today:yyyy-MM}", $"不得晚于本月 {today:yyyy-MM}");
        }
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            if (await db.Bulletins.AnyAsync(b => b.OrganizationId == a.OrganizationId && b.Month == month, ct))
            {
                return WriteOutcome<Bulletin>.Conflict(new Problem("$.month", $"the bulletin of {month} exists already", $"{month} 的督查通报已存在"));
            }
            var figures = await FiguresAsync(a.OrganizationId, month!, ct);
            var (zh, en) = BulletinWriter.Compose(figures);
            var b = new Bulletin
            {
                OrganizationId = a.OrganizationId,
                Month = month!,
                State = BulletinState.Draft,
                Draft = BulletinJson.Write(new BulletinDraft(zh, en, figures)),
                Text = BulletinJson.Write(new BulletinText(zh, en)),
                CreatedBy = a.UserName,
                CreatedAt = clock.GetUtcNow(),
                Version = 1,
            };
            db.Bulletins.Add(b);
            await w.SaveAsync();
            await w.Audit("bulletin.draft", "bulletin", month!, after: b.Text);
            return WriteOutcome<Bulletin>.Ok(b);
        }, ct: ct);
    }

    /// <summary>Every problem of an edited text (JSON paths).</summary>
    public static List<Problem> Check(BulletinText? text)
    {
        var problems = new List<Problem>();
        if (text?.Sections is not { Count: > 0 } sections)
        {
            problems.Add(new Problem("$.sections", "at least one section is required", "至少需要一节"));
            return problems;
        }
        if (sections.Count > MaxSections) problems.Add(new Problem("$.sections", $"at most {MaxSections} sections", $"最多 {MaxSections} 节"));
        void One(string path, IReadOnlyList<BulletinSection>? list)
        {
            if (list is null) return;
            for (var i = 0; i < Math.Min(list.Count, MaxSections); i++)
            {
                var s = list[i];
                if (s is null) { problems.Add(new Problem($"{path}[{i}]", "a section is required", "节不能为空")); continue; }
                if (s.Heading is not { Length: > 0 and <= InputLimits.Name } h || InputLimits.HasControl(h))
                {
                    problems.Add(new Problem($"{path}[{i}].heading", $"a heading of 1 to {InputLimits.Name} characters, no control characters", $"标题须为 1 至 {InputLimits.Name} 个字符，且不含控制字符"));
                }
                var ps = s.Paragraphs ?? [];
                if (ps.Count > MaxParagraphs) problems.Add(new Problem($"{path}[{i}].paragraphs", $"at most {MaxParagraphs} paragraphs", $"最多 {MaxParagraphs} 段"));
                for (var j = 0; j < Math.Min(ps.Count, MaxParagraphs); j++)
                {
                    if (ps[j] is not { Length: <= InputLimits.Text } p || InputLimits.HasControl(p))
                    {
                        problems.Add(new Problem($"{path}[{i}].paragraphs[{j}]", $"at most {InputLimits.Text} characters, no control characters", $"不得超过 {InputLimits.Text} 个字符，且不含控制字符"));
                    }
                }
            }
        }
        One("$.sections", sections);
        if (text.SectionsEn is { Count: > MaxSections }) problems.Add(new Problem("$.sectionsEn", $"at most {MaxSections} sections", $"最多 {MaxSections} 节"));
        One("$.sectionsEn", text.SectionsEn);
        return problems;
    }

    /// <summary>The office's edit of a draft (the English sections kept when not sent); 409 once issued or when the version changed.</summary>
    public async Task<WriteOutcome<Bulletin>> EditAsync(Actor a, int id, BulletinText? text, int? version, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<Bulletin>.Forbidden();
        var problems = Check(text);
        if (problems.Count > 0) return WriteOutcome<Bulletin>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var b = await db.Bulletins.SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
            if (b is null) return WriteOutcome<Bulletin>.NotFound();
            if (b.State == BulletinState.Issued) return WriteOutcome<Bulletin>.Conflict(Issued(b), b);
            if (version is { } v && v != b.Version) return WriteOutcome<Bulletin>.Conflict(WriteMessages.Changed, b);
            var before = b.Text;
            var current = BulletinJson.Text(b.Text);
            var edited = new BulletinText(Trim(text!.Sections), text.SectionsEn is null ? current.SectionsEn : Trim(text.SectionsEn));
            b.Text = BulletinJson.Write(edited);
            if (b.Text == before) return WriteOutcome<Bulletin>.Ok(b);
            b.Version++;
            await w.Audit("bulletin.edit", "bulletin", b.Month, before: before, after: b.Text);
            return WriteOutcome<Bulletin>.Ok(b);
        }, ct: ct);
    }

    private static List<BulletinSection> Trim(IReadOnlyList<BulletinSection> sections) =>
        [.. sections.Select(s => new BulletinSection(s.Heading.Trim(), [.. (s.Paragraphs ?? []).Select(p => p.Trim()).Where(p => p.Length > 0)]))];

    private static Problem Issued(Bulletin b) => new("$.state", $"issued already as No. {b.Number} of {b.Year}", $"已印发（〔{b.Year}〕第{b.Number}期）");

    /// <summary>Issues a draft: the next number of the year of issue (Beijing), the text kept as issued; 409 when issued already.</summary>
    public async Task<WriteOutcome<Bulletin>> IssueAsync(Actor a, int id, int? version, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<Bulletin>.Forbidden();
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var b = await db.Bulletins.SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
            if (b is null) return WriteOutcome<Bulletin>.NotFound();
            if (b.State == BulletinState.Issued) return WriteOutcome<Bulletin>.Conflict(Issued(b), b);
            if (version is { } v && v != b.Version) return WriteOutcome<Bulletin>.Conflict(WriteMessages.Changed, b);
            var now = clock.GetUtcNow();
            var year = WorkingDays.ChinaDate(now).Year;
            // Under the organization's lock (OrgWriter): the year's numbers are read and the next one taken in one write.
            var last = await db.Bulletins.Where(x => x.OrganizationId == a.OrganizationId && x.Year == year).MaxAsync(x => x.Number, ct) ?? 0;
            b.Year = year;
            b.Number = last + 1;
            b.State = BulletinState.Issued;
            b.IssuedText = b.Text;
            b.IssuedBy = a.UserName;
            b.IssuedAt = now;
            b.Version++;
            var title = BulletinJson.Title(b);
            await w.Audit("bulletin.issue", "bulletin", b.Month, after: BulletinJson.Write(new { title, year, number = b.Number, text = BulletinJson.Text(b.IssuedText) }));
            // Told to the office, the leaders and the reporters of the units the bulletin names.
            var figures = BulletinJson.Draft(b.Draft).Figures;
            var units = figures.Units.Where(u => u.Red + u.Yellow > 0).Select(u => u.Unit).ToList();
            var reporters = await db.Memberships.AsNoTracking()
                .Where(m => m.OrganizationId == a.OrganizationId && m.Role == OrgRole.Reporter && m.UnitCode != null && units.Contains(m.UnitCode))
                .Select(m => m.UserId).Distinct().ToListAsync(ct);
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Bulletin, new Audience(Admins: true, Leaders: true, UserIds: reporters),
                $"bulletin:{b.Id}",
                $"{title}（{BulletinJson.MonthZh(b.Month)}督查督办情况）已印发",
                $"{BulletinJson.TitleEn(b)} ({b.Month}) has been issued",
                RefId: b.Id, WebhookEvent: "bulletin",
                Data: new JsonObject { ["month"] = b.Month, ["year"] = year, ["number"] = b.Number, ["title"] = title }), now);
            return WriteOutcome<Bulletin>.Ok(b);
        }, ct: ct);
    }

    /// <summary>The bulletin's Word document: issued ones dated on their day of issue, drafts undated.</summary>
    public static byte[] Docx(Bulletin b, string orgName) =>
        BulletinWriter.Docx(b, orgName, b.IssuedAt is { } at ? WorkingDays.ChinaDate(at) : null);

    /// <summary>The figures of <paramref name="month"/> (ADR 0033) as the database holds them now.</summary>
    public async Task<BulletinFigures> FiguresAsync(int org, string month, CancellationToken ct)
    {
        var first = ParseMonth(month) ?? throw new ArgumentException("a month yyyy-MM", nameof(month));
        var last = first.AddMonths(1).AddDays(-1);
        var previous = first.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var endInstant = WorkingDays.EndOfDay(last);
        var startInstant = WorkingDays.StartOfDay(first);

        var names = await db.Units.AsNoTracking().Where(u => u.OrganizationId == org).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        string UnitName(string code) => names.GetValueOrDefault(code, code);
        // Supervised: assigned onwards (drafts and approved-but-not-assigned are not); a closed matter counts as done.
        var matters = await db.Matters.AsNoTracking()
            .Where(m => m.OrganizationId == org && m.State != MatterState.Draft && m.State != MatterState.Approved)
            .OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(ct);
        var byId = matters.ToDictionary(m => m.Id);
        BulletinMatter Named(Matter m) => new(m.Code, m.Name, m.UnitCode, UnitName(m.UnitCode));
        var evaluated = matters.Where(m => m.Start <= last).ToList();
        var notStarted = matters.Count(m => m.Start > last);

        var cards = await db.IssuedCards.AsNoTracking().Where(c => c.OrganizationId == org && c.Month == month).ToListAsync(ct);
        var yellowBefore = (await db.IssuedCards.AsNoTracking()
            .Where(c => c.OrganizationId == org && c.Month == previous && c.Type == CardType.Yellow).Select(c => c.MatterId).ToListAsync(ct)).ToHashSet();
        var lines = cards
            .OrderBy(c => byId.TryGetValue(c.MatterId, out var m) ? m.Position : int.MaxValue).ThenBy(c => c.MatterCode, StringComparer.Ordinal)
            .Select(c =>
            {
                var name = byId.TryGetValue(c.MatterId, out var m) ? m.Name : c.MatterCode;
                return new BulletinCard(c.PublicId, c.MatterCode, name, c.UnitCode, UnitName(c.UnitCode), c.Type == CardType.Red ? "red" : "yellow", c.Reason,
                    c.Expected, c.Actual, c.Lag, c.Type == CardType.Red && yellowBefore.Contains(c.MatterId));
            }).ToList();

        var liftedIds = (await db.IssuedCards.AsNoTracking()
            .Where(c => c.OrganizationId == org && c.LiftedOn != null && c.LiftedOn >= first && c.LiftedOn <= last)
            .Select(c => c.MatterId).Distinct().ToListAsync(ct)).ToHashSet();
        var lifted = matters.Where(m => liftedIds.Contains(m.Id)).Select(Named).ToList();

        // Overdue steps: taken late within the month, or still pending past their deadline at the month's end.
        var ids = matters.Select(m => m.Id).ToList();
        var lateSteps = (await db.MatterSteps.AsNoTracking().Where(s => s.OrganizationId == org && s.Overdue).ToListAsync(ct))
            .Where(s => s.At >= startInstant && s.At < endInstant && byId.ContainsKey(s.MatterId))
            .OrderBy(s => s.At).ThenBy(s => s.Id)
            .Select(s => { var m = byId[s.MatterId]; return new BulletinOverdue(m.Code, m.Name, m.UnitCode, UnitName(m.UnitCode), Matters.MatterNames.Of(s.Kind), s.Deadline ?? s.At, false); });
        var pending = matters
            .Where(m => m.State != MatterState.Closed && m.NextStep is not null && m.NextDeadline is { } d && d < endInstant)
            .OrderBy(m => m.NextDeadline).ThenBy(m => m.Position)
            .Select(m => new BulletinOverdue(m.Code, m.Name, m.UnitCode, UnitName(m.UnitCode), Matters.MatterNames.Of(m.NextStep!.Value), m.NextDeadline!.Value, true));
        var overdue = lateSteps.Concat(pending).ToList();

        // Units: those of the matters evaluated and of the month's cards, by red, yellow (more first), then code.
        var units = evaluated.Select(m => m.UnitCode).Concat(cards.Select(c => c.UnitCode)).Distinct()
            .Select(u => new BulletinUnit(u, UnitName(u), cards.Count(c => c.UnitCode == u && c.Type == CardType.Yellow), cards.Count(c => c.UnitCode == u && c.Type == CardType.Red)))
            .OrderByDescending(u => u.Red).ThenByDescending(u => u.Yellow).ThenBy(u => u.Unit, StringComparer.Ordinal).ToList();

        // Completed in the month: the first report at 100 % dated in it, or closed (办结) in it.
        var reports = await db.MatterReports.AsNoTracking().Where(r => r.OrganizationId == org && r.Date <= last)
            .Select(r => new { r.MatterId, r.Date, r.Percent }).ToListAsync(ct);
        var reachedFull = reports.Where(r => r.Percent >= 100).GroupBy(r => r.MatterId).ToDictionary(g => g.Key, g => g.Min(r => r.Date));
        var closedIn = (await db.MatterSteps.AsNoTracking().Where(s => s.OrganizationId == org && s.Kind == StepKind.Close).ToListAsync(ct))
            .Where(s => s.At >= startInstant && s.At < endInstant).Select(s => s.MatterId).ToHashSet();
        var completed = matters.Where(m => (reachedFull.TryGetValue(m.Id, out var d) && d >= first) || closedIn.Contains(m.Id)).Select(Named).ToList();

        return new BulletinFigures(month, evaluated.Count, notStarted, lines.Count(c => c.Type == "yellow"), lines.Count(c => c.Type == "red"), lines,
            lifted, overdue, units, completed);
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 20 ? s : s[..20];
}
