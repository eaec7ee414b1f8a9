using System.Text.RegularExpressions;

namespace Pacesetter.Cli.Tests;

/// <summary>
/// README.md and docs/ are what a newcomer follows from a fresh clone: every link names a file of the repository, every
/// examples/ file they mention exists, every <c>pacesetter</c> command they show runs, and the outputs they print are
/// what the command prints today.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = FindRoot();

    /// <summary>README.md and every Markdown file under docs/, as paths relative to the root.</summary>
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var path in DocumentPaths()) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_link_names_a_file_or_folder_inside_the_repository(string document)
    {
        var bad = BrokenLinks(document, File.ReadAllText(Path.Combine(Root, document)));

        Assert.True(bad.Count == 0, $"{document}: {bad.Count} broken link(s):\n" + string.Join("\n", bad));
    }

    [Fact]
    public void The_link_check_notices_a_link_outside_the_repository_a_missing_file_and_a_missing_heading()
    {
        var text = """
            [spec](../shared/spec/scoring.md) [gone](docs/nope.md) ![shot](docs/screenshots/missing.png)
            [fine](docs/cli.md#退出码-exit-codes) [web](https://example.org/x) [folder](docs/decisions/) [nowhere](docs/cli.md#no-such-heading)
            # English
            [here](#english) [there](#nowhere)
            """;

        var bad = BrokenLinks("README.md", text);

        Assert.Equal(
        [
            "line 1: ../shared/spec/scoring.md (outside the repository)",
            "line 1: docs/nope.md (no such file or folder)",
            "line 1: docs/screenshots/missing.png (no such file or folder)",
            "line 2: docs/cli.md#no-such-heading (no heading #no-such-heading)",
            "line 4: #nowhere (no heading #nowhere)",
        ], bad);
    }

    [Fact]
    public void Anchors_are_made_as_github_makes_them()
    {
        var anchors = Anchors("""
            # Pacesetter 对标争先
            ## 排名、等次、称号、流动红旗 Ranking, grades, labels, flag
            ### The audit trail: key, checkpoints, PostgreSQL roles
            ## The `pacesetter` command
            ```sh
            # not a heading
            ```
            ## English
            ## English
            """);

        string[] expected =
        [
            "pacesetter-对标争先", "排名等次称号流动红旗-ranking-grades-labels-flag", "the-audit-trail-key-checkpoints-postgresql-roles",
            "the-pacesetter-command", "english", "english-1",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), anchors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_examples_file_mentioned_exists(string document)
    {
        var text = File.ReadAllText(Path.Combine(Root, document));
        var missing = ExampleMention().Matches(text).Select(m => m.Value.TrimEnd('.'))
            .Where(p => !File.Exists(Path.Combine(Root, p))).Distinct().ToList();

        Assert.True(missing.Count == 0, $"{document} mentions missing files: {string.Join(", ", missing)}");
    }

    /// <summary>A bare | inside a cell (|x| for an absolute value) splits it and shifts the row; write \| or abs(x).</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_table_row_has_as_many_cells_as_its_header(string document)
    {
        var bad = RaggedRows(File.ReadAllText(Path.Combine(Root, document)));

        Assert.True(bad.Count == 0, $"{document}: " + string.Join("\n", bad));
    }

    [Fact]
    public void The_table_check_notices_a_bare_bar_in_a_cell()
    {
        var text = """
            | field | meaning |
            |---|---|
            | `measure` | growth ÷ abs(previous) |
            | `measure` | growth ÷ |previous| |
            | `cap` | a\|b |
            """;

        Assert.Equal(["line 4: 4 cells, the header has 2"], RaggedRows(text));
    }

    [Fact]
    public void The_docs_show_an_example_for_every_verb()
    {
        var commands = DocumentPaths().SelectMany(d => Commands(File.ReadAllText(Path.Combine(Root, d)))).ToList();

        foreach (var verb in new[] { "score", "validate", "explain", "whatif", "cards", "gap", "survey", "token", "audit", "db", "admin", "publish", "revisions", "org" })
        {
            Assert.Contains(commands, c => c[0] == verb);
        }
    }

    /// <summary>Every command line in a shell block that reads a file of examples/ (or needs no database) runs with exit 0.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_command_shown_on_an_example_file_runs(string document)
    {
        var failures = new List<string>();
        foreach (var args in Commands(File.ReadAllText(Path.Combine(Root, document))))
        {
            // token, audit, admin, publish, revisions and org need the web application's database; they are shown for after ./run.sh.
            if (args[0] is "token" or "audit" or "admin" or "publish" or "revisions" or "org") continue;
            var resolved = args.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(Root, a) : a).ToArray();
            var outcome = Cli.Run(true, resolved);
            if (outcome.Code != ExitCodes.Ok) failures.Add($"pacesetter {string.Join(' ', args)} → exit {outcome.Code}: {string.Join(" | ", outcome.Errors)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_scheme_file_page_holds_the_example_file_and_its_table_as_scored()
    {
        var page = Normalize(File.ReadAllText(Path.Combine(Root, "docs", "scheme-file.md")));
        var file = Path.Combine(Root, "examples", "first-scheme.json");

        Assert.Contains(Normalize(File.ReadAllText(file)).Trim(), page);
        var table = Cli.Run(false, "score", file, "--format", "table");
        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Contains(Normalize(table.Out).Trim(), page);
    }

    [Fact]
    public void The_tasks_file_page_holds_the_example_file_and_the_start_of_its_table()
    {
        var page = Normalize(File.ReadAllText(Path.Combine(Root, "docs", "tasks-file.md")));
        var file = Path.Combine(Root, "examples", "tasks-2026.tasks.json");

        Assert.Contains(Normalize(File.ReadAllText(file)).Trim(), page);
        var table = Cli.Run(false, "cards", file, "--as-of", "2026-10-31", "--format", "table");
        Assert.Equal(ExitCodes.Ok, table.Code);
        // The page shows the task table and the first month lines, then "…".
        var shown = string.Join("\n", Cli.Lines(table.Out).Take(12));
        Assert.Contains(shown + "\n…", page);
    }

    [Fact]
    public void The_benchmarking_file_page_holds_the_example_file_and_its_table_as_printed()
    {
        var page = Normalize(File.ReadAllText(Path.Combine(Root, "docs", "benchmarks-file.md")));
        var file = Path.Combine(Root, "examples", "benchmarks-2026.gap.json");

        Assert.Contains(Normalize(File.ReadAllText(file)).Trim(), page);
        var table = Cli.Run(false, "gap", file, "--format", "table");
        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Contains(Normalize(table.Out).Trim(), page);
    }

    [Fact]
    public void The_survey_file_page_holds_the_example_file_and_its_table_as_printed()
    {
        var page = Normalize(File.ReadAllText(Path.Combine(Root, "docs", "surveys-file.md")));
        var file = Path.Combine(Root, "examples", "survey-2026q3.survey.json");

        Assert.Contains(Normalize(File.ReadAllText(file)).Trim(), page);
        var table = Cli.Run(false, "survey", file, "--format", "table");
        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Contains(Normalize(table.Out).Trim(), page);
    }

    [Fact]
    public void The_results_page_shows_the_csv_and_the_whatif_answer_as_printed()
    {
        var page = Normalize(File.ReadAllText(Path.Combine(Root, "docs", "results.md")));

        var csv = Cli.Run(true, "score", Path.Combine(Root, "examples", "scoring-section7.json"), "--format", "csv");
        Assert.Contains(Normalize(csv.Out).Trim(), page);
        var whatif = Cli.Run(false, "whatif", Path.Combine(Root, "examples", "zone-2026q3.json"), "--unit", "T2", "--indicator", "revenue", "--rank", "3");
        Assert.Contains(Normalize(whatif.Out).Trim(), page);
        var json = Cli.Run(false, "whatif", Path.Combine(Root, "examples", "zone-2026q3.json"), "--unit", "T2", "--indicator", "revenue", "--rank", "3", "--format", "json");
        Assert.Contains(Normalize(json.Out).Trim(), page);
    }

    /// <summary>Each broken link as "line N: target (why)": outside the repository, no such file, or no such heading; web addresses are not checked.</summary>
    internal static List<string> BrokenLinks(string document, string text)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Root, document))!;
        var bad = new List<string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (Match m in Link().Matches(lines[i]))
            {
                var target = m.Groups["target"].Value;
                if (target.Length == 0 || Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto") continue;
                var parts = Uri.UnescapeDataString(target).Split('#', 2);
                var full = parts[0].Length == 0 ? Path.Combine(Root, document) : Path.GetFullPath(Path.Combine(folder, parts[0]));
                if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) bad.Add($"line {i + 1}: {target} (outside the repository)");
                else if (!File.Exists(full) && !Directory.Exists(full)) bad.Add($"line {i + 1}: {target} (no such file or folder)");
                else if (parts.Length == 2 && full.EndsWith(".md", StringComparison.Ordinal))
                {
                    var anchors = parts[0].Length == 0 ? Anchors(text) : Anchors(File.ReadAllText(full));
                    if (!anchors.Contains(parts[1])) bad.Add($"line {i + 1}: {target} (no heading #{parts[1]})");
                }
            }
        }
        return bad;
    }

    /// <summary>Table rows (outside code blocks) whose cell count differs from their table's header, as "line N: …".</summary>
    internal static List<string> RaggedRows(string text)
    {
        var bad = new List<string>();
        bool inCode = false;
        int? header = null;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode || !line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            // Cells between the outer bars; an escaped \| stays inside its cell.
            int cells = CellBar().Split(line.Trim('|')).Length;
            if (header is null) header = cells;
            else if (cells != header) bad.Add($"line {i + 1}: {cells} cells, the header has {header}");
        }
        return bad;
    }

    /// <summary>
    /// The anchors of a page's headings as GitHub makes them: lower case, characters other than letters, digits, spaces,
    /// <c>-</c> and <c>_</c> dropped (CJK characters are letters), spaces turned into <c>-</c>, a repeated one suffixed -1, -2….
    /// </summary>
    internal static HashSet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        bool inCode = false;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode || Heading().Match(line) is not { Success: true } m) continue;
            var slug = Slug().Replace(m.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var unique = slug;
            for (int n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        return anchors;
    }

    /// <summary>The argument lists of the <c>pacesetter …</c> lines of the page's shell blocks, comments and redirections cut.</summary>
    private static IEnumerable<string[]> Commands(string text)
    {
        bool inShell = false;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inShell = line is "```sh" or "```bash";
                continue;
            }
            if (!inShell) continue;
            string? rest = null;
            foreach (var prefix in new[] { "pacesetter ", "out/pacesetter ", "dotnet run --project src/Pacesetter.Cli -c Release -- ", "dotnet run --project src/Pacesetter.Cli -- " })
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)) rest = line[prefix.Length..];
            }
            if (rest is null) continue;
            int hash = rest.IndexOf(" #", StringComparison.Ordinal);
            if (hash >= 0) rest = rest[..hash];
            int redirect = rest.IndexOf(" >", StringComparison.Ordinal);
            if (redirect >= 0) rest = rest[..redirect];
            yield return Words(rest.Trim());
        }
    }

    /// <summary>Splits a command line on spaces, keeping "quoted words" together.</summary>
    private static string[] Words(string line) =>
        Word().Matches(line).Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Value).ToArray();

    private static string Normalize(string text) => text.ReplaceLineEndings("\n");

    private static IEnumerable<string> DocumentPaths()
    {
        yield return "README.md";
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pacesetter.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Pacesetter.slnx) is not above " + AppContext.BaseDirectory);
    }

    // [text](target) and ![alt](target); a target ends at the first space or closing parenthesis.
    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]*)[^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBar();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\p{M}\s_-]")]
    private static partial Regex Slug();

    [GeneratedRegex(@"examples/[A-Za-z0-9._-]+\.json")]
    private static partial Regex ExampleMention();

    [GeneratedRegex("\"(?<q>[^\"]*)\"|\\S+")]
    private static partial Regex Word();
}
