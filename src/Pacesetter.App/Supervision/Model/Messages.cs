using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Model;

/// <summary>What an in-app notification is about.</summary>
public enum NotificationKind
{
    StepDue = 1,
    StepOverdue = 2,
    Card = 3,
    Reminder = 4,
    Instruction = 5,
    Returned = 6,
    Bulletin = 7,
    Assigned = 8,
}

/// <summary>The message format a webhook endpoint receives.</summary>
public enum WebhookFormat
{
    /// <summary>Plain JSON (<c>{"deliveryId", "kind", "organization", "at", "text", "data"}</c>).</summary>
    Json = 1,
    /// <summary>钉钉群机器人 (markdown; signed with the secret when one is set).</summary>
    DingTalk = 2,
    /// <summary>企业微信群机器人 (markdown).</summary>
    WeCom = 3,
}

/// <summary>An in-app notification for one user; <see cref="Key"/> makes it once-only (a deadline scan run twice adds nothing).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public long? MatterId { get; set; }
    public string? CardId { get; set; }
    public long? RefId { get; set; }
    public required string Key { get; set; }
    public required string TextZh { get; set; }
    public required string TextEn { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>An organization's outgoing webhook (a DingTalk or WeCom group robot, or any JSON receiver).</summary>
public sealed class WebhookEndpoint
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public WebhookFormat Format { get; set; }
    /// <summary>DingTalk's 加签 secret; never answered or logged.</summary>
    public string? Secret { get; set; }
    /// <summary>Comma-separated event kinds it receives (card, reminder, instruction, overdue, bulletin); empty = all.</summary>
    public required string Events { get; set; }
    public bool Enabled { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// A message waiting for (or done with) its delivery to one endpoint: written in the same transaction as what it
/// tells, delivered at least once, in order per endpoint, always with the same <see cref="DeliveryId"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int EndpointId { get; set; }
    public Guid DeliveryId { get; set; }
    public required string Kind { get; set; }
    /// <summary>The body as POSTed (before DingTalk's signature, which is made at sending).</summary>
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>Set when the retries are given up (the message shows as failed and can be retried by hand).</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(x => x.UserId).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.CardId).HasMaxLength(InputLimits.AuditKey);
        b.Property(x => x.Key).HasMaxLength(InputLimits.AuditKey);
        b.Property(x => x.TextZh).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.TextEn).HasMaxLength(InputLimits.Reason);
        b.HasIndex(x => new { x.OrganizationId, x.UserId, x.Key }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.UserId, x.ReadAt });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.ToTable("webhook_endpoints");
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Url).HasMaxLength(InputLimits.Url);
        b.Property(x => x.Secret).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Events).HasMaxLength(InputLimits.Name);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.OrganizationId);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("webhook_outbox");
        b.Property(x => x.Kind).HasMaxLength(InputLimits.AuditKind);
        b.Property(x => x.Body).HasMaxLength(65536);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => x.DeliveryId).IsUnique();
        b.HasIndex(x => new { x.EndpointId, x.DeliveredAt, x.Id });
        b.HasIndex(x => new { x.DeliveredAt, x.NextAttemptAt });
        b.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
