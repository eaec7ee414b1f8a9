using Microsoft.EntityFrameworkCore.Design;
using Pacesetter.App.Data;

namespace Pacesetter.Migrations.PostgreSql;

/// <summary>
/// How <c>dotnet ef</c> builds the context for this provider's migrations (<c>migrations add</c>, <c>script</c>,
/// <c>has-pending-model-changes</c>): none of those connect, so a placeholder connection string serves;
/// <c>ConnectionStrings__Pacesetter</c> names a real database for <c>dotnet ef database update</c>.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PacesetterDb>
{
    public PacesetterDb CreateDbContext(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Pacesetter") is { Length: > 0 } c ? c : "Host=localhost;Database=pacesetter";
        return new PacesetterDb(new DatabaseOptions(DatabaseProvider.PostgreSQL, connection).Build());
    }
}
