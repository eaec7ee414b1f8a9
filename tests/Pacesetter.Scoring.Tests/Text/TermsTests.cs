using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Tests.Engine;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Scoring.Tests.Text;

/// <summary>One glossary (Terms): award levels and event types by their names, in Chinese and English, and the explanation using them.</summary>
public class TermsTests
{
    [Theory]
    [InlineData("national", "国家级", "national level")]
    [InlineData("province", "省级", "provincial level")]
    [InlineData("provincial", "省级", "provincial level")]
    [InlineData("city", "市级", "city level")]
    [InlineData("district", "区级", "district level")]
    [InlineData("county", "县级", "county level")]
    [InlineData("town", "镇级", "township level")]
    [InlineData("City", "市级", "city level")]
    [InlineData("市级表彰", "市级表彰", "市级表彰")]
    [InlineData("gold", "gold", "gold")]
    public void Award_levels_have_names_and_an_invented_level_is_shown_as_it_is(string key, string chinese, string english)
    {
        Assert.Equal(chinese, Terms.Chinese.LevelName(key));
        Assert.Equal(english, Terms.English.LevelName(key));
    }

    [Theory]
    [InlineData("yellow", "黄牌", "yellow card")]
    [InlineData("red", "红牌", "red card")]
    [InlineData("通报批评", "通报批评", "通报批评")]
    public void Event_types_have_names_and_an_invented_type_is_shown_as_it_is(string key, string chinese, string english)
    {
        Assert.Equal(chinese, Terms.Chinese.EventTypeName(key));
        Assert.Equal(english, Terms.English.EventTypeName(key));
    }

    [Fact]
    public void The_base_score_is_called_jibenfen_as_on_the_web()
    {
        Assert.Equal("基本分", Terms.Chinese.Base);
        Assert.Equal("Base", Terms.English.Base);
    }

    private static SchemeResult Score() => new SchemeBuilder("A", "B")
        .Base("x", 100, """{"type": "manual"}""")
        .Bonus("h", 6, """{"type": "levels", "levels": {"national": 5, "city": 1, "镇级": 0.5}}""")
        .Penalty("p", 4, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1, "约谈": 0.25}}""")
        .Penalty("q", 4, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}""")
        .Penalty("r", 4, """{"type": "events", "perEvent": 0.5}""")
        .Values("x", 8, 9)
        .Datum("A", "h", """[{"item": "平安建设", "level": "city"}, {"item": "科技", "level": "national"}, {"item": "环境", "level": "镇级"}]""")
        .Datum("A", "p", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "约谈"}]""")
        .Datum("A", "q", """{"yellow": 2, "red": 1}""")
        .Datum("A", "r", """{"来电": 3, "red": 1}""")
        .Score();

    [Fact]
    public void Explanation_names_award_levels_and_event_types_in_chinese()
    {
        var text = Explainer.ToText(Explainer.Explain(Score(), "A", Language.Chinese), Language.Chinese);

        Assert.Contains("    计算过程: min(6, 平安建设（市级）1 + 科技（国家级）5 + 环境（镇级）0.5) = 6\n", text);
        Assert.Contains("    计算过程: min(4, c1（红牌）1 + c2（约谈）0.25) = 1.25\n", text);
        Assert.Contains("    计算过程: min(4, 2 × 黄牌 0.5 + 1 × 红牌 1) = 2\n", text);
        // One number per event: counts by type each cost it, and the types keep their names.
        Assert.Contains("    计算过程: min(4, 3 × 来电 0.5 + 1 × 红牌 0.5) = 2\n", text);
        Assert.DoesNotContain(":city", text);
        Assert.DoesNotContain(":red", text);
    }

    [Fact]
    public void Explanation_names_award_levels_and_event_types_in_english()
    {
        var text = Explainer.ToText(Explainer.Explain(Score(), "A", Language.English), Language.English);

        Assert.Contains("    Formula: min(6, 平安建设 (city level) 1 + 科技 (national level) 5 + 环境 (镇级) 0.5) = 6\n", text);
        Assert.Contains("    Formula: min(4, c1 (red card) 1 + c2 (约谈) 0.25) = 1.25\n", text);
        Assert.Contains("    Formula: min(4, 2 × yellow card 0.5 + 1 × red card 1) = 2\n", text);
        Assert.Contains("    Formula: min(4, 3 × 来电 0.5 + 1 × red card 0.5) = 2\n", text);
    }

    /// <summary>The web application's texts of one feature (key → Chinese, English), read from its .tsv in the repository.</summary>
    private static Dictionary<string, (string Zh, string En)> WebTexts(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pacesetter.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var texts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(dir.FullName, "src", "Pacesetter.Web", "Resources", name + ".tsv")))
        {
            var cells = line.Split('\t');
            if (cells.Length >= 3 && !line.StartsWith('#')) texts[cells[0]] = (cells[1], cells[2]);
        }
        return texts;
    }

    public static readonly TheoryData<string, string, string> WebTerms = new()
    {
        // The preview of results (DataEntry) and the CLI's results table name the same columns with the same words.
        { "Pages.DataEntry.DataEntryText", "Preview.Rank", nameof(Terms.Rank) },
        { "Pages.DataEntry.DataEntryText", "Preview.Composite", nameof(Terms.Composite) },
        { "Pages.DataEntry.DataEntryText", "Preview.Base", nameof(Terms.Base) },
        { "Pages.DataEntry.DataEntryText", "Preview.Bonus", nameof(Terms.Bonus) },
        { "Pages.DataEntry.DataEntryText", "Preview.Penalty", nameof(Terms.Penalty) },
        { "Pages.DataEntry.DataEntryText", "Preview.Grade", nameof(Terms.Grade) },
        { "Pages.DataEntry.DataEntryText", "Preview.Label", nameof(Terms.Label) },
        { "Pages.DataEntry.DataEntryText", "Preview.Flag", nameof(Terms.FlagHeading) },
        { "Pages.DataEntry.DataEntryText", "Label.pacesetter", nameof(Terms.Pacesetter) },
        { "Pages.DataEntry.DataEntryText", "Label.winner", nameof(Terms.Winner) },
        { "Pages.DataEntry.DataEntryText", "Label.yellow", nameof(Terms.Yellow) },
        // The scheme editor's kinds.
        { "Pages.Schemes.SchemesText", "Kind.base", nameof(Terms.Base) },
        { "Pages.Schemes.SchemesText", "Kind.bonus", nameof(Terms.Bonus) },
        { "Pages.Schemes.SchemesText", "Kind.penalty", nameof(Terms.Penalty) },
    };

    [Theory]
    [MemberData(nameof(WebTerms))]
    public void The_web_says_the_same_words_as_the_glossary(string resource, string key, string term)
    {
        var (zh, en) = WebTexts(resource)[key];
        string Of(Terms t) => (string)typeof(Terms).GetProperty(term)!.GetValue(t)!;

        Assert.Equal(Of(Terms.Chinese), zh);
        // English differs at most in capitals: a heading starts with one, a label in a sentence does not.
        Assert.Equal(Of(Terms.English), en, ignoreCase: true);
    }

    [Fact]
    public void The_web_names_every_method_as_the_glossary()
    {
        var texts = WebTexts("Pages.Schemes.SchemesText");

        foreach (var (type, (zh, en)) in Terms.Methods)
        {
            Assert.Equal(zh, texts["Method." + type].Zh);
            Assert.Equal(en, texts["Method." + type].En);
        }
        Assert.Equal(13, Terms.Methods.Count);
    }

    [Fact]
    public void No_web_text_says_jichufen()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pacesetter.slnx"))) dir = dir.Parent;
        var files = Directory.GetFiles(Path.Combine(dir!.FullName, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tsv", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        Assert.DoesNotContain(files, f => File.ReadAllText(f).Contains("基础分", StringComparison.Ordinal));
    }
}
