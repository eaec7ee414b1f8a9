using Pacesetter.App.DataEntry;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Pages.DataEntry;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// ADR 0051: a scheme's maps of points (grades, award levels, event types) are listed by their points, highest first,
/// then by key — never in the document's key order, which PostgreSQL's jsonb does not keep.
/// </summary>
public class ChoiceOrderTests
{
    [Fact]
    public void A_map_is_listed_by_points_highest_first_then_by_key()
    {
        // The order jsonb gives back for {"national": 3, "province": 2, "city": 1, "county": 2}: by key length, then bytes.
        var levels = new Dictionary<string, decimal> { ["city"] = 1, ["county"] = 2, ["national"] = 3, ["province"] = 2 };

        Assert.Equal(["national", "county", "province", "city"], DatumShape.ByPoints(levels));
        Assert.Equal([], DatumShape.ByPoints(null));
    }

    [Fact]
    public void The_entry_form_offers_levels_grades_and_event_types_by_points_whatever_the_documents_order()
    {
        var awards = new Indicator { Id = "honors", Name = "表彰加分", Kind = IndicatorKind.Bonus, Weight = 3, Method = new Method { Type = MethodType.Levels, Levels = new Dictionary<string, decimal> { ["city"] = 1, ["national"] = 3, ["province"] = 2 } } };
        var grade = new Indicator { Id = "pingyi", Name = "评议", Weight = 15, Method = new Method { Type = MethodType.Grade, Grades = new Dictionary<string, decimal> { ["良好"] = 0.85m, ["一般"] = 0.6m, ["优秀"] = 1 } } };
        var cards = new Indicator { Id = "cards", Name = "红黄牌", Kind = IndicatorKind.Penalty, Weight = 4, Method = new Method { Type = MethodType.Events, PerEventByType = new Dictionary<string, decimal> { ["yellow"] = 0.5m, ["red"] = 1 } } };

        Assert.Equal(["national", "province", "city"], DatumForm.For(awards, null).Levels);
        Assert.Equal(["优秀", "良好", "一般"], DatumForm.For(grade, null).Grades);
        Assert.Equal(["red", "yellow"], DatumForm.For(cards, null).EventTypes);
        Assert.Equal(["red", "yellow"], DatumShape.Of(cards).EventTypes);
    }
}
