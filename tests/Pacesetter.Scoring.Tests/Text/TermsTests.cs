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
        .Values("x", 8, 9)
        .Datum("A", "h", """[{"item": "平安建设", "level": "city"}, {"item": "科技", "level": "national"}, {"item": "环境", "level": "镇级"}]""")
        .Datum("A", "p", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "约谈"}]""")
        .Datum("A", "q", """{"yellow": 2, "red": 1}""")
        .Score();

    [Fact]
    public void Explanation_names_award_levels_and_event_types_in_chinese()
    {
        var text = Explainer.ToText(Explainer.Explain(Score(), "A", Language.Chinese), Language.Chinese);

        Assert.Contains("    计算过程: min(6, 平安建设（市级）1 + 科技（国家级）5 + 环境（镇级）0.5) = 6\n", text);
        Assert.Contains("    计算过程: min(4, c1（红牌）1 + c2（约谈）0.25) = 1.25\n", text);
        Assert.Contains("    计算过程: min(4, 2 × 黄牌 0.5 + 1 × 红牌 1) = 2\n", text);
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
    }
}
