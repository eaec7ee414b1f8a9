using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.App.Supervision.Model;

/// <summary>黄牌 / 红牌.</summary>
public enum CardType
{
    Yellow = 1,
    Red = 2,
}

/// <summary>
/// The organization's card settings (supervision.md §1) and workflow deadlines; no row means the defaults
/// (<see cref="CardRules.Default"/>, 签收 within 1 working day, 复核 within 3).
/// </summary>
public sealed class CardSettings
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public decimal YellowLag { get; set; } = 10;
    public decimal RedLag { get; set; } = 30;
    public int NotStartedYellowMonths { get; set; } = 1;
    public int NotStartedRedMonths { get; set; } = 3;
    public int EscalateAfter { get; set; } = 2;
    public int AcknowledgeWorkingDays { get; set; } = 1;
    public int VerifyWorkingDays { get; set; } = 3;
    public int Version { get; set; }

    /// <summary>The engine's rules of these settings.</summary>
    public CardRules ToRules() => new(YellowLag, RedLag, NotStartedYellowMonths, NotStartedRedMonths, EscalateAfter);

    /// <summary>The settings an organization without a row has: the engine's defaults, 1 working day to acknowledge, 3 to verify.</summary>
    public static CardSettings Defaults(int organizationId) => new() { OrganizationId = organizationId };

    /// <summary>The organization's settings, or the defaults when it has none.</summary>
    public static async Task<CardSettings> ForAsync(Data.PacesetterDb db, int organizationId, CancellationToken ct = default) =>
        await db.CardSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct) ?? Defaults(organizationId);
}

/// <summary>
/// An issued card: one per matter per month-end at most (the unique key makes a rerun, or two instances at once,
/// issue nothing twice). Immutable once issued except <see cref="LiftedOn"/>; its public id is
/// <c>card-{yyyy-MM}-{matter}</c>, the id an exemption names (scoring.md §6).
/// </summary>
public sealed class IssuedCard
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public required string MatterCode { get; set; }
    /// <summary>The responsible unit when the card was issued.</summary>
    public required string UnitCode { get; set; }
    public DateOnly MonthEnd { get; set; }
    /// <summary><c>yyyy-MM</c> of <see cref="MonthEnd"/>.</summary>
    public required string Month { get; set; }
    public required string PublicId { get; set; }
    public CardType Type { get; set; }
    /// <summary><c>lag</c>, <c>not-started</c>, <c>overdue</c> or <c>escalated</c>.</summary>
    public required string Reason { get; set; }
    public decimal? Expected { get; set; }
    public decimal Actual { get; set; }
    public decimal? Lag { get; set; }
    public DateOnly? LiftedOn { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}

internal sealed class CardSettingsConfiguration(bool isPostgres) : IEntityTypeConfiguration<CardSettings>
{
    public void Configure(EntityTypeBuilder<CardSettings> b)
    {
        b.ToTable("card_settings");
        b.Property(x => x.YellowLag).AsWritten(isPostgres);
        b.Property(x => x.RedLag).AsWritten(isPostgres);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.OrganizationId).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IssuedCardConfiguration(bool isPostgres) : IEntityTypeConfiguration<IssuedCard>
{
    public void Configure(EntityTypeBuilder<IssuedCard> b)
    {
        b.ToTable("issued_cards");
        b.Property(x => x.MatterCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Month).HasMaxLength(InputLimits.Period);
        b.Property(x => x.PublicId).HasMaxLength(InputLimits.AuditKey);
        b.Property(x => x.Reason).HasMaxLength(32);
        b.Property(x => x.Expected).AsWritten(isPostgres);
        b.Property(x => x.Actual).AsWritten(isPostgres);
        b.Property(x => x.Lag).AsWritten(isPostgres);
        b.Property(x => x.IssuedBy).HasMaxLength(InputLimits.UserName);
        // One card per matter per month-end: a rerun or a second instance cannot issue it twice.
        b.HasIndex(x => new { x.OrganizationId, x.MatterId, x.MonthEnd }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.PublicId }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.Month, x.UnitCode });
        b.HasIndex(x => new { x.OrganizationId, x.LiftedOn });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
