using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Model;

/// <summary>A major project's stage (supervision.md §4): 在谈 → 签约 → 开工 → 竣工, or 终止 with a reason.</summary>
public enum ProjectStage
{
    Negotiating = 0,
    Signed = 1,
    Started = 2,
    Completed = 3,
    Dropped = 9,
}

/// <summary>重大项目 a major project: investment in 亿元, a responsible unit, a dated stage.</summary>
public sealed class Project
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Investment in 亿元 (100 million yuan), kept as written.</summary>
    public decimal Investment { get; set; }
    public required string UnitCode { get; set; }
    public ProjectStage Stage { get; set; }
    public DateOnly StageOn { get; set; }
    public string? DroppedReason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A dated change of a project's stage (the conversion and completion rates are computed from these).</summary>
public sealed class ProjectStageChange
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long ProjectId { get; set; }
    public ProjectStage? From { get; set; }
    public ProjectStage To { get; set; }
    public DateOnly On { get; set; }
    public string? Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ProjectConfiguration(bool isPostgres) : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.Property(x => x.Code).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Investment).AsWritten(isPostgres);
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.DroppedReason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectStageChangeConfiguration : IEntityTypeConfiguration<ProjectStageChange>
{
    public void Configure(EntityTypeBuilder<ProjectStageChange> b)
    {
        b.ToTable("project_stages");
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.By).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.ProjectId, x.On });
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
