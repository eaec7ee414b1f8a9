using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// 考核方案 one saved version of a period's scheme: the scheme file of scoring.md §7 without data (DESIGN.md 1).
/// Each save adds a version; the highest is current. Adjustments are part of the document.
/// </summary>
public sealed class SchemeVersion
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    /// <summary><c>2026-10</c>, <c>2026-Q3</c>, …</summary>
    public required string Period { get; set; }
    public int Version { get; set; }
    /// <summary>The scheme JSON (jsonb on PostgreSQL, text on SQLite).</summary>
    public required string Document { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A period's settings: its reporting deadline.</summary>
public sealed class PeriodSettings
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    /// <summary>填报截止 reporters submit before this moment.</summary>
    public DateTimeOffset? Deadline { get; set; }
    public int Version { get; set; }
}

internal sealed class SchemeVersionConfiguration(bool postgres) : IEntityTypeConfiguration<SchemeVersion>
{
    public void Configure(EntityTypeBuilder<SchemeVersion> b)
    {
        b.ToTable("scheme_versions");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        if (postgres) b.Property(x => x.Document).HasColumnType("jsonb");
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.Version }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PeriodSettingsConfiguration : IEntityTypeConfiguration<PeriodSettings>
{
    public void Configure(EntityTypeBuilder<PeriodSettings> b)
    {
        b.ToTable("period_settings");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Period }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
