using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision;

/// <summary>
/// The supervision rows the authorization matrix acts on, in the demo organization of an <see cref="AuthzWorld"/>,
/// made once per world on first use: matters <c>M1</c> (T1, 办理, co-unit D1), <c>M2</c> (T2, 办理), <c>M3</c> (T1, 立项)
/// and project <c>PJ1</c> (T1, 签约). Rows of a part that need more make it in their own Arrange.
/// Note: in the matrix world reporter.t2 is the locked user (<see cref="AuthzWorld.LockedUserName"/>).
/// </summary>
public static class SupervisionFixtures
{
    private static readonly ConditionalWeakTable<AuthzWorld, Ids> Made = new();

    public sealed record Ids(long M1, long M2, long M3, long Project);

    public static async Task<Ids> EnsureAsync(AuthzWorld world)
    {
        if (Made.TryGetValue(world, out var ids)) return ids;
        await using var db = world.App.NewDb();
        var org = world.OrganizationId;
        var at = new DateTimeOffset(2026, 10, 12, 2, 0, 0, TimeSpan.Zero);
        Matter M(string code, string unit, MatterState state, int position, string? co = null) => new()
        {
            OrganizationId = org,
            Code = code,
            Name = "授权测试事项" + code,
            Kind = MatterKind.KeyTask,
            UnitCode = unit,
            CoUnits = co,
            Leader = "分管领导",
            Start = new DateOnly(2026, 1, 1),
            Due = new DateOnly(2026, 12, 31),
            Frequency = ReportFrequency.Monthly,
            State = state,
            Position = position,
            CreatedBy = "admin",
            CreatedAt = at,
            Version = 1,
        };
        var m1 = M("M1", "T1", MatterState.InProgress, 1, "D1");
        var m2 = M("M2", "T2", MatterState.InProgress, 2);
        var m3 = M("M3", "T1", MatterState.Draft, 3);
        db.Matters.AddRange(m1, m2, m3);
        var project = new Project
        {
            OrganizationId = org,
            Code = "PJ1",
            Name = "授权测试项目",
            Investment = 12,
            UnitCode = "T1",
            Stage = ProjectStage.Signed,
            StageOn = new DateOnly(2026, 2, 10),
            CreatedBy = "admin",
            CreatedAt = at,
            Version = 1,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        ids = new Ids(m1.Id, m2.Id, m3.Id, project.Id);
        Made.AddOrUpdate(world, ids);
        return ids;
    }
}
