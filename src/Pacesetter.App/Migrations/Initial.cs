using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Pacesetter.App.Data;

namespace Pacesetter.App.Migrations;

/// <summary>
/// The first schema, hand-written as SQL per provider (the EF design package is not available here). The test
/// <c>MigrationTests</c> proves that it builds exactly the tables, columns and indexes of the model.
/// </summary>
[DbContext(typeof(PacesetterDb))]
[Migration("20261122000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";
        // One command holding the whole script: both providers run several statements in one command.
        migrationBuilder.Sql(Script(postgres ? "0001_initial.postgresql.sql" : "0001_initial.sqlite.sql"));
    }

    internal static string Script(string name)
    {
        var assembly = typeof(Initial).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
