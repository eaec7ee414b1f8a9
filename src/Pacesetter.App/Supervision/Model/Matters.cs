using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Model;

/// <summary>督办事项类别 the kinds of supervised matter (supervision.md, issue #10).</summary>
public enum MatterKind
{
    /// <summary>重点工作</summary>
    KeyTask = 1,
    /// <summary>交办事项</summary>
    Assigned = 2,
    /// <summary>为民办实事</summary>
    Livelihood = 3,
    /// <summary>书记项目</summary>
    Secretary = 4,
    /// <summary>重大项目节点: a started project's construction milestone (supervision.md §4).</summary>
    ProjectMilestone = 5,
}

/// <summary>The workflow of supervision.md §3, in order: 立项 → 审核 → 下发 → 签收 → 办理 → 反馈 → 复核 → 办结.</summary>
public enum MatterState
{
    Draft = 0,
    Approved = 1,
    Assigned = 2,
    Acknowledged = 3,
    InProgress = 4,
    Reported = 5,
    Verified = 6,
    Closed = 7,
}

/// <summary>A step of the workflow; <see cref="Return"/> is 退回 (back to 办理, with a reason); <see cref="Import"/> a tasks file's.</summary>
public enum StepKind
{
    Create = 0,
    Approve = 1,
    Assign = 2,
    Acknowledge = 3,
    Start = 4,
    Feedback = 5,
    Verify = 6,
    Return = 7,
    Close = 8,
    Import = 9,
}

/// <summary>How often the responsible unit reports progress.</summary>
public enum ReportFrequency
{
    Weekly = 1,
    Monthly = 2,
    Quarterly = 3,
}

/// <summary>Where a progress report came from.</summary>
public enum ReportSource
{
    Web = 1,
    Import = 2,
}

/// <summary>督办事项 a supervised matter: its card history is <see cref="IssuedCard"/> rows; its code is the tasks file's id.</summary>
public sealed class Matter
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    /// <summary>The tasks file's id: ASCII letters, digits, '-' and '_' (it ends up in card ids and exemption refs).</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public MatterKind Kind { get; set; }
    /// <summary>The responsible unit (责任单位): the only one that reports progress.</summary>
    public required string UnitCode { get; set; }
    /// <summary>Co-units (配合单位), comma-separated codes, or null.</summary>
    public string? CoUnits { get; set; }
    /// <summary>牵头领导 the lead leader, a name.</summary>
    public string? Leader { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly Due { get; set; }
    public ReportFrequency Frequency { get; set; }
    public string? Description { get; set; }
    /// <summary>The major project this matter is a construction milestone of, or null.</summary>
    public long? ProjectId { get; set; }
    public MatterState State { get; set; }
    /// <summary>File or creation order: the order of the card report and of the tasks file.</summary>
    public int Position { get; set; }
    /// <summary>The pending step and its deadline: the matter is overdue once now is past <see cref="NextDeadline"/>.</summary>
    public StepKind? NextStep { get; set; }
    public DateTimeOffset? NextDeadline { get; set; }
    /// <summary>The last month-end evaluated for this matter (the month-end job's watermark).</summary>
    public DateOnly? CardsThrough { get; set; }
    /// <summary>The type of its latest unlifted card (the timeline's colour), or null.</summary>
    public CardType? StandingCard { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A milestone (节点) of a matter.</summary>
public sealed class Milestone
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public required string Name { get; set; }
    public DateOnly Due { get; set; }
    public DateOnly? DoneOn { get; set; }
    public int Position { get; set; }
}

/// <summary>One step of a matter's workflow: who, when, why, and the deadline it had.</summary>
public sealed class MatterStep
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public StepKind Kind { get; set; }
    public MatterState? From { get; set; }
    public MatterState To { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
    /// <summary>The deadline this step had to meet, if any.</summary>
    public DateTimeOffset? Deadline { get; set; }
    /// <summary>Whether the step was taken after its deadline.</summary>
    public bool Overdue { get; set; }
}

/// <summary>进度报告 a progress report: the engine's progress point (date, percent) with its narrative.</summary>
public sealed class MatterReport
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>0–100, kept as written (the card report repeats it).</summary>
    public decimal Percent { get; set; }
    public string? Narrative { get; set; }
    /// <summary>Why the percent is below an earlier one (required then).</summary>
    public string? Reason { get; set; }
    public ReportSource Source { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>A photo or document attached to a progress report (type detected from the content, as data evidence).</summary>
public sealed class ReportEvidence
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long ReportId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>批示 a leader's instruction on a matter, acknowledged by the responsible unit.</summary>
public sealed class Instruction
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public required string Text { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
}

/// <summary>催办 a reminder the office sent about a matter.</summary>
public sealed class Reminder
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long MatterId { get; set; }
    public string? Message { get; set; }
    public required string SentBy { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>Who read a reminder, and when (once per person).</summary>
public sealed class ReminderRead
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long ReminderId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class MatterConfiguration : IEntityTypeConfiguration<Matter>
{
    public void Configure(EntityTypeBuilder<Matter> b)
    {
        b.ToTable("matters");
        b.Property(x => x.Code).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.CoUnits).HasMaxLength(InputLimits.Indicators);
        b.Property(x => x.Leader).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Description).HasMaxLength(InputLimits.Text);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.UnitCode });
        b.HasIndex(x => new { x.OrganizationId, x.Position });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.ToTable("milestones");
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.HasIndex(x => new { x.OrganizationId, x.MatterId });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MatterStepConfiguration : IEntityTypeConfiguration<MatterStep>
{
    public void Configure(EntityTypeBuilder<MatterStep> b)
    {
        b.ToTable("matter_steps");
        b.Property(x => x.Actor).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.HasIndex(x => new { x.OrganizationId, x.MatterId, x.Id });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MatterReportConfiguration(bool isPostgres) : IEntityTypeConfiguration<MatterReport>
{
    public void Configure(EntityTypeBuilder<MatterReport> b)
    {
        b.ToTable("matter_reports");
        b.Property(x => x.Percent).AsWritten(isPostgres);
        b.Property(x => x.Narrative).HasMaxLength(InputLimits.Text);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.ReportedBy).HasMaxLength(InputLimits.UserName);
        // The engine's order: a matter's reports in the order they were made.
        b.HasIndex(x => new { x.OrganizationId, x.MatterId, x.Id });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportEvidenceConfiguration : IEntityTypeConfiguration<ReportEvidence>
{
    public void Configure(EntityTypeBuilder<ReportEvidence> b)
    {
        b.ToTable("report_evidence");
        b.Property(x => x.FileName).HasMaxLength(InputLimits.FileName);
        b.Property(x => x.ContentType).HasMaxLength(InputLimits.ContentType);
        b.Property(x => x.Sha256).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.UploadedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.ReportId });
        b.HasOne<MatterReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InstructionConfiguration : IEntityTypeConfiguration<Instruction>
{
    public void Configure(EntityTypeBuilder<Instruction> b)
    {
        b.ToTable("instructions");
        b.Property(x => x.Text).HasMaxLength(InputLimits.Text);
        b.Property(x => x.By).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.AcknowledgedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.MatterId });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        b.ToTable("reminders");
        b.Property(x => x.Message).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.SentBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.MatterId });
        b.HasOne<Matter>().WithMany().HasForeignKey(x => x.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReminderReadConfiguration : IEntityTypeConfiguration<ReminderRead>
{
    public void Configure(EntityTypeBuilder<ReminderRead> b)
    {
        b.ToTable("reminder_reads");
        b.Property(x => x.UserName).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.ReminderId, x.UserName }).IsUnique();
        b.HasOne<Reminder>().WithMany().HasForeignKey(x => x.ReminderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
