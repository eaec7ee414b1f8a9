using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Model;

/// <summary>A bulletin's state: drafted (and edited) by the office, then issued once.</summary>
public enum BulletinState
{
    Draft = 0,
    Issued = 1,
}

/// <summary>
/// 督查通报 the monthly supervision bulletin: the system's draft (kept), the office's edited text, and once issued its
/// number within the year of issue (督查通报〔2026〕第N期) and the issued text.
/// </summary>
public sealed class Bulletin
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    /// <summary><c>yyyy-MM</c>: the month it reports on.</summary>
    public required string Month { get; set; }
    public int? Year { get; set; }
    public int? Number { get; set; }
    public BulletinState State { get; set; }
    /// <summary>The system's draft (JSON: title, sections, paragraphs), kept as drafted.</summary>
    public required string Draft { get; set; }
    /// <summary>The office's edited text (same JSON shape).</summary>
    public required string Text { get; set; }
    public string? IssuedText { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? IssuedBy { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("bulletins");
        b.Property(x => x.Month).HasMaxLength(InputLimits.Period);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.IssuedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Month }).IsUnique();
        // One number per year: two issues at once cannot both be 第N期 (the number is given under the organization's lock).
        b.HasIndex(x => new { x.OrganizationId, x.Year, x.Number }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
