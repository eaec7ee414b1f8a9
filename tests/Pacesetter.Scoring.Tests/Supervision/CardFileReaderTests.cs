using System.Text;
using Pacesetter.Scoring.Supervision;
using static Pacesetter.Scoring.Tests.Supervision.TaskBuilder;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>Reading a cards file: what is accepted, and every problem with its JSON path.</summary>
public class CardFileReaderTests
{
    private const string GoodTask = """{ "id": "P1", "name": "道路改造", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31" }""";

    private static string[] Problems(string json, Language language = Language.English)
    {
        var error = Assert.Throws<InvalidInputException>(() => CardFileReader.Read(json));
        return error.Problems.Select(p => p.Line(language)).ToArray();
    }

    [Fact]
    public void Valid_file_is_read_with_its_rules_tasks_and_reports()
    {
        var file = CardFileReader.Read("""
            { "rules": { "yellowLag": 8, "redLag": 25.5, "notStartedYellowMonths": 2, "notStartedRedMonths": 4, "escalateAfter": 3 },
              "tasks": [ { "id": "P1", "name": "道路改造", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31",
                           "progress": [ { "date": "2026-03-01", "percent": 60 }, { "date": "2026-02-01", "percent": 72.5 } ] } ] }
            """);

        Assert.Equal(new CardRules(8, 25.5m, 2, 4, 3), file.Rules);
        var task = Assert.Single(file.Tasks);
        Assert.Equal(("P1", "道路改造", "T1", Day("2026-01-01"), Day("2026-12-31")), (task.Id, task.Name, task.Unit, task.Start, task.Due));
        Assert.Equal([new ProgressReport(Day("2026-03-01"), 60), new ProgressReport(Day("2026-02-01"), 72.5m)], task.Progress);
    }

    [Fact]
    public void Missing_rules_and_progress_take_the_defaults()
    {
        var file = CardFileReader.Read($$"""{ "tasks": [ {{GoodTask}} ] }""");

        Assert.Equal(new CardRules(10, 30, 1, 3, 2), file.Rules);
        Assert.Empty(file.Tasks[0].Progress);
    }

    [Fact]
    public void Rules_may_set_only_some_values()
    {
        var file = CardFileReader.Read("""{ "rules": { "escalateAfter": 3 }, "tasks": [] }""");

        Assert.Equal(CardRules.Default with { EscalateAfter = 3 }, file.Rules);
    }

    [Fact]
    public void Utf8_bytes_are_read_like_text()
    {
        var file = CardFileReader.Read(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes($$"""{ "tasks": [ {{GoodTask}} ] }""")));

        Assert.Equal("道路改造", file.Tasks[0].Name);
    }

    [Fact]
    public void Utf8_byte_order_mark_is_skipped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($$"""{ "tasks": [ {{GoodTask}} ] }""")];

        Assert.Equal("P1", CardFileReader.Read(bytes).Tasks[0].Id);
        Assert.Equal(["$: the file is empty"], Assert.Throws<InvalidInputException>(() => CardFileReader.Read(bytes.AsMemory(0, 3))).Problems.Select(p => p.Line(Language.English)));
    }

    [Fact]
    public void Root_that_is_not_an_object_is_refused()
    {
        Assert.Equal(["$: must be an object"], Problems("[]"));
    }

    [Fact]
    public void Empty_text_is_refused_in_one_line()
    {
        Assert.Equal(["$: the file is empty"], Problems(" \n"));
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_in_one_line_with_its_place()
    {
        Assert.Equal(["$: not valid JSON (line 2, byte 1)"], Problems("{ \"tasks\": [\n}"));
    }

    [Fact]
    public void Missing_tasks_list_is_refused()
    {
        Assert.Equal(["$.tasks: is required"], Problems("{}"));
    }

    [Fact]
    public void Tasks_that_are_not_a_list_are_refused()
    {
        Assert.Equal(["$.tasks: must be a list of tasks"], Problems("""{ "tasks": {} }"""));
    }

    [Fact]
    public void Task_that_is_not_an_object_is_refused()
    {
        Assert.Equal(["$.tasks[1]: must be an object"], Problems($$"""{ "tasks": [ {{GoodTask}}, "P2" ] }"""));
    }

    [Fact]
    public void Missing_id_name_and_unit_are_each_reported()
    {
        Assert.Equal(
            ["$.tasks[0].id: is required", "$.tasks[0].name: is required", "$.tasks[0].unit: is required"],
            Problems("""{ "tasks": [ { "start": "2026-01-01", "due": "2026-12-31" } ] }"""));
    }

    [Fact]
    public void Id_name_and_unit_that_are_not_strings_are_each_reported()
    {
        Assert.Equal(
            ["$.tasks[0].id: must be a string", "$.tasks[0].name: must be a string", "$.tasks[0].unit: must not be empty"],
            Problems("""{ "tasks": [ { "id": 7, "name": null, "unit": " ", "start": "2026-01-01", "due": "2026-12-31" } ] }"""));
    }

    [Fact]
    public void Duplicate_task_id_names_the_first_one()
    {
        Assert.Equal(
            ["$.tasks[2].id: duplicate task id \"P1\" (first at $.tasks[0].id)"],
            Problems($$"""{ "tasks": [ {{GoodTask}}, {{GoodTask.Replace("P1", "P2")}}, {{GoodTask}} ] }"""));
    }

    [Fact]
    public void Dates_that_are_not_dates_are_refused()
    {
        Assert.Equal(
            [
                "$.tasks[0].start: \"2026-02-30\" is not a date as yyyy-MM-dd",
                "$.tasks[0].due: 20261231 is not a date as yyyy-MM-dd",
                "$.tasks[0].progress[0].date: \"2026/03/01\" is not a date as yyyy-MM-dd",
            ],
            Problems("""
                { "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-02-30", "due": 20261231,
                               "progress": [ { "date": "2026/03/01", "percent": 10 } ] } ] }
                """));
    }

    [Fact]
    public void Due_date_before_the_start_is_refused()
    {
        Assert.Equal(
            ["$.tasks[2].due: must not be before start 2026-03-01"],
            Problems($$"""
                { "tasks": [ {{GoodTask}}, {{GoodTask.Replace("P1", "P2")}},
                  { "id": "P3", "name": "n", "unit": "T1", "start": "2026-03-01", "due": "2026-02-28" } ] }
                """));
    }

    [Fact]
    public void Percent_that_is_not_a_number_from_0_to_100_is_refused()
    {
        Assert.Equal(
            [
                "$.tasks[0].progress[0].percent: must be from 0 to 100, not 100.5",
                "$.tasks[0].progress[1].percent: must be from 0 to 100, not -1",
                "$.tasks[0].progress[2].percent: must be a number from 0 to 100",
                "$.tasks[0].progress[3].percent: is required",
                "$.tasks[0].progress[4]: must be an object",
            ],
            Problems("""
                { "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31",
                               "progress": [ { "date": "2026-02-01", "percent": 100.5 }, { "date": "2026-02-02", "percent": -1 },
                                             { "date": "2026-02-03", "percent": "50" }, { "date": "2026-02-04" }, 50 ] } ] }
                """));
    }

    [Fact]
    public void Progress_that_is_not_a_list_is_refused()
    {
        Assert.Equal(
            ["$.tasks[0].progress: must be a list of progress reports"],
            Problems("""{ "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31", "progress": {} } ] }"""));
    }

    [Fact]
    public void Report_dated_before_an_earlier_listed_one_with_a_higher_percent_is_allowed()
    {
        var file = CardFileReader.Read("""
            { "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31",
                           "progress": [ { "date": "2026-05-01", "percent": 40 }, { "date": "2026-04-01", "percent": 55 } ] } ] }
            """);

        Assert.Equal(2, file.Tasks[0].Progress.Count);
    }

    [Fact]
    public void Rules_of_the_wrong_type_are_refused()
    {
        Assert.Equal(
            [
                "$.rules.yellowLag: must be a number of percentage points",
                "$.rules.notStartedYellowMonths: must be a whole number",
                "$.rules.notStartedRedMonths: must be a whole number",
                "$.rules.escalateAfter: must be a whole number",
            ],
            Problems("""
                { "rules": { "yellowLag": "10", "notStartedYellowMonths": 1.5, "notStartedRedMonths": true, "escalateAfter": null },
                  "tasks": [] }
                """));
    }

    [Fact]
    public void Rules_out_of_range_are_refused()
    {
        Assert.Equal(
            [
                "$.rules.yellowLag: must be at least 0",
                "$.rules.notStartedYellowMonths: must be at least 0",
                "$.rules.escalateAfter: must be at least 1",
            ],
            Problems("""{ "rules": { "yellowLag": -1, "notStartedYellowMonths": -1, "escalateAfter": 0 }, "tasks": [] }"""));
    }

    [Fact]
    public void Red_lag_below_yellow_lag_is_refused()
    {
        Assert.Equal(["$.rules.redLag: must not be below yellowLag 10"], Problems("""{ "rules": { "redLag": 5 }, "tasks": [] }"""));
    }

    [Fact]
    public void Red_not_started_months_below_yellow_ones_are_refused()
    {
        Assert.Equal(
            ["$.rules.notStartedRedMonths: must not be below notStartedYellowMonths 2"],
            Problems("""{ "rules": { "notStartedYellowMonths": 2, "notStartedRedMonths": 1 }, "tasks": [] }"""));
    }

    [Fact]
    public void A_yellow_threshold_alone_above_the_red_ones_default_is_named_where_the_file_wrote_it()
    {
        // The file gives yellowLag 40 and no redLag (default 30): the problem is at the field it has, naming the default.
        Assert.Equal(["$.rules.yellowLag: is above redLag's default 30: give redLag too, at least 40"], Problems("""{ "rules": { "yellowLag": 40 }, "tasks": [] }"""));
        Assert.Equal(["$.rules.notStartedYellowMonths: is above notStartedRedMonths' default 3: give notStartedRedMonths too, at least 4"],
            Problems("""{ "rules": { "notStartedYellowMonths": 4 }, "tasks": [] }"""));
        // With both given, the file is read.
        var rules = CardFileReader.Read("""{ "rules": { "yellowLag": 40, "redLag": 40 }, "tasks": [] }""").Rules;
        Assert.Equal((40m, 40m), (rules.YellowLag, rules.RedLag));
    }

    [Fact]
    public void Rules_that_are_not_an_object_are_refused()
    {
        Assert.Equal(["$.rules: must be an object"], Problems("""{ "rules": [], "tasks": [] }"""));
    }

    [Fact]
    public void Unknown_fields_are_refused_at_every_level()
    {
        Assert.Equal(
            [
                "$.asOf: unknown field \"asOf\"",
                "$.rules.greenLag: unknown field \"greenLag\"",
                "$.tasks[0].owner: unknown field \"owner\"",
                "$.tasks[0].progress[0]['note text']: unknown field \"note text\"",
            ],
            Problems("""
                { "asOf": "2026-10-31", "rules": { "greenLag": 1 },
                  "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31", "owner": "x",
                               "progress": [ { "date": "2026-02-01", "percent": 10, "note text": "" } ] } ] }
                """));
    }

    [Fact]
    public void Field_given_twice_is_refused()
    {
        Assert.Equal(
            ["$.tasks[0].id: appears more than once"],
            Problems("""{ "tasks": [ { "id": "P1", "id": "P2", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31" } ] }"""));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_in_english_and_chinese()
    {
        const string json = """
            { "rules": { "escalateAfter": 0 },
              "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-03-01", "due": "2026-02-01",
                           "progress": [ { "date": "2026-03-05", "percent": 120 } ] },
                         { "id": "P1", "unit": "T2", "start": "2026-01-01", "due": "2026-12-31" } ] }
            """;

        Assert.Equal(
            [
                "$.rules.escalateAfter: must be at least 1",
                "$.tasks[0].due: must not be before start 2026-03-01",
                "$.tasks[0].progress[0].percent: must be from 0 to 100, not 120",
                "$.tasks[1].name: is required",
                "$.tasks[1].id: duplicate task id \"P1\" (first at $.tasks[0].id)",
            ],
            Problems(json));
        Assert.Equal(
            [
                "$.rules.escalateAfter: 不得小于 1",
                "$.tasks[0].due: 不得早于开始日期 2026-03-01",
                "$.tasks[0].progress[0].percent: 必须在 0 到 100 之间，而不是 120",
                "$.tasks[1].name: 缺少必填项",
                "$.tasks[1].id: 任务编号“P1”重复（首次出现于 $.tasks[0].id）",
            ],
            Problems(json, Language.Chinese));
    }
}
