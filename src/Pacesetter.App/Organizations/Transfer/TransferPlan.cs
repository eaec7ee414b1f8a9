using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.App.Organizations.Transfer;

/// <summary>How a table's rows belong to the organization moved.</summary>
public enum TransferScope
{
    /// <summary>The organization's own row.</summary>
    Organization,
    /// <summary>Rows carrying its <c>OrganizationId</c> (DESIGN.md 4: every table but Identity's per-user ones).</summary>
    OrganizationId,
    /// <summary>Identity's per-user rows (claims, logins), which belong to it through their user.</summary>
    User,
}

/// <summary>A column that holds another row's generated id, and whose row (<paramref name="Principal"/>) it names.</summary>
public sealed record TransferRef(IProperty Column, IEntityType Principal);

/// <summary>One table moved: its rows' scope, its key when the database generates it (remapped on import), the ids it holds.</summary>
public sealed record TransferTable(IEntityType Entity, string Name, TransferScope Scope, IProperty? GeneratedKey, IReadOnlyList<TransferRef> Refs)
{
    public IReadOnlyList<IProperty> Columns { get; } = [.. Entity.GetProperties()];
}

/// <summary>
/// 组织迁移 what <c>pacesetter org export</c> writes and <c>org import</c> reads (ADR 0049), derived from the EF model rather
/// than written per table: every entity type that carries <c>OrganizationId</c> (or belongs to a user who does), in an
/// order where every row comes after the rows it names; for each, its generated integer key (given anew on import) and
/// the columns that name other rows — foreign keys from the model, plus the few references the model does not declare
/// (<see cref="SoftReferences"/>). A new table is moved without code; one that fits none of these rules stops the export
/// (<see cref="For"/> throws) until it is given a place here.
/// </summary>
public static class TransferPlan
{
    /// <summary>Deployment-wide or secret tables that are not moved, with the reason the ADR gives.</summary>
    public static readonly IReadOnlyDictionary<Type, string> NotMoved = new Dictionary<Type, string>
    {
        [typeof(DataProtectionKey)] = "deployment-wide: the target's own keys protect its cookies",
        [typeof(SignInFailure)] = "deployment-wide counters of the sign-in guard, kept 15 minutes (ADR 0053)",
        [typeof(ApiToken)] = "secrets of the source's API clients: tokens are made again in the target",
        [typeof(IdentityUserToken<string>)] = "Identity's per-user secrets (authenticator keys, recovery codes)",
    };

    /// <summary>
    /// References held in plain columns, without a foreign key in the model (a reference to a row that may be
    /// deleted, or one whose table is chosen by another column): remapped like foreign keys.
    /// </summary>
    public static readonly IReadOnlyList<(Type Entity, string Column, Type Principal)> SoftReferences =
    [
        (typeof(Correction), nameof(Correction.ObjectionId), typeof(Objection)),
        (typeof(Matter), nameof(Matter.ProjectId), typeof(Project)),
        (typeof(Notification), nameof(Notification.MatterId), typeof(Matter)),
    ];

    /// <summary>The rows a notification's <see cref="Notification.RefId"/> (and its once-only key) names, by its kind.</summary>
    public static readonly IReadOnlyDictionary<NotificationKind, Type> NotificationRefs = new Dictionary<NotificationKind, Type>
    {
        [NotificationKind.Assigned] = typeof(MatterStep),
        [NotificationKind.Returned] = typeof(MatterStep),
        [NotificationKind.Instruction] = typeof(Instruction),
        [NotificationKind.Reminder] = typeof(Reminder),
        [NotificationKind.Bulletin] = typeof(Bulletin),
    };

    /// <summary>The tables of <paramref name="model"/> in the order they are written and read.</summary>
    public static IReadOnlyList<TransferTable> For(IModel model)
    {
        var tables = new List<TransferTable>();
        foreach (var entity in model.GetEntityTypes().Where(e => !e.IsOwned() && e.FindPrimaryKey() is not null && !NotMoved.ContainsKey(e.ClrType)))
        {
            var name = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.ClrType.Name} has no table");
            if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            {
                throw new InvalidOperationException($"{name}.{shadow.Name} is a shadow property: the transfer reads and writes entity properties only (ADR 0049)");
            }
            TransferScope scope = entity.ClrType == typeof(Organization) ? TransferScope.Organization
                : entity.FindProperty("OrganizationId") is not null ? TransferScope.OrganizationId
                : entity.GetForeignKeys().Any(f => f.PrincipalEntityType.ClrType == typeof(AppUser)) ? TransferScope.User
                : throw new InvalidOperationException($"the table {name} belongs to no organization: give it a place in TransferPlan (moved or not) and in ADR 0049");
            var key = entity.FindPrimaryKey()!.Properties;
            var generated = key.Count == 1 && key[0].ClrType is var t && (t == typeof(int) || t == typeof(long)) && key[0].ValueGenerated != ValueGenerated.Never ? key[0] : null;
            var refs = new List<TransferRef>();
            foreach (var fk in entity.GetForeignKeys())
            {
                if (fk.Properties.Count != 1) throw new InvalidOperationException($"{name}: composite foreign keys are not moved");
                refs.Add(new TransferRef(fk.Properties[0], fk.PrincipalEntityType));
            }
            foreach (var (type, column, principal) in SoftReferences.Where(s => s.Entity == entity.ClrType))
            {
                refs.Add(new TransferRef(entity.FindProperty(column)!, model.FindEntityType(principal)!));
            }
            tables.Add(new TransferTable(entity, name, scope, generated, refs));
        }
        return Order(tables);
    }

    /// <summary>Every table after the tables it names (ties by name, so that every export lists them alike).</summary>
    private static List<TransferTable> Order(List<TransferTable> tables)
    {
        var byType = tables.ToDictionary(t => t.Entity.ClrType);
        var needs = tables.ToDictionary(t => t, t => t.Refs.Select(r => r.Principal.ClrType)
            .Concat(t.Entity.ClrType == typeof(Notification) ? NotificationRefs.Values : [])
            .Where(p => p != t.Entity.ClrType && byType.ContainsKey(p)).Select(p => byType[p]).ToHashSet());
        var ordered = new List<TransferTable>();
        var left = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => needs[t].All(ordered.Contains))
                ?? throw new InvalidOperationException($"the tables {string.Join(", ", left.Select(t => t.Name))} name each other in a cycle");
            ordered.Add(next);
            left.Remove(next);
        }
        return ordered;
    }

    /// <summary>The audit table, whose rows are re-chained rather than copied (<see cref="AuditLog.AppendImportedAsync"/>).</summary>
    public static bool IsAudit(TransferTable table) => table.Entity.ClrType == typeof(AuditEntry);
}
