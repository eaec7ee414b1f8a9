using System.Text;

namespace Pacesetter.Cli.Tests;

/// <summary>
/// Issue 7, finding 5: a file with a lone surrogate (<c>"\ud800"</c>) or bytes that are not UTF-8 made every command
/// print <c>internal error</c> and exit 1. It is bad input: exit 2 with the string's path, line and byte.
/// </summary>
public sealed class InvalidTextTests : IDisposable
{
    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>The worked example with T1's name spoilt (written on one line); the second value is the byte where the name's string starts.</summary>
    private (string Path, int Byte) Spoilt(bool raw)
    {
        var text = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ExampleFiles.Zone))!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var parts = text.Split("\"T1\":\"城东街道\"");
        Assert.Equal(2, parts.Length);
        byte[] bytes = raw
            ? [.. Encoding.UTF8.GetBytes(parts[0] + "\"T1\":\"城东"), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("街道\"" + parts[1])]
            : Encoding.UTF8.GetBytes(parts[0] + "\"T1\":\"城东\\ud800街道\"" + parts[1]);
        var path = Path.Combine(files.Directory, $"spoilt-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        return (path, Encoding.UTF8.GetByteCount(parts[0]) + 6);
    }

    public static TheoryData<string, bool> Commands()
    {
        var data = new TheoryData<string, bool>();
        foreach (var verb in new[] { "validate", "score", "explain", "whatif" })
        {
            data.Add(verb, false);
            data.Add(verb, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_string_that_is_not_text_exits_2_with_its_path(string verb, bool raw)
    {
        var (path, at) = Spoilt(raw);
        string[] args = verb switch
        {
            "explain" => [verb, path, "--unit", "T1", "--lang", "en"],
            "whatif" => [verb, path, "--unit", "T1", "--indicator", "land", "--rank", "1", "--lang", "en"],
            _ => [verb, path, "--lang", "en"],
        };

        var (code, output, errors) = Cli.RunWith("en", true, args);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([$"$.units.T1: a string is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff) (line 1, byte {at})"], errors);
    }

    [Fact]
    public void Validate_in_chinese_names_the_string_in_chinese()
    {
        var (path, at) = Spoilt(raw: false);

        var (code, _, errors) = Cli.Run(true, "validate", path, "--lang", "zh");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal([$"$.units.T1: 字符串不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 1 行第 {at} 个字节处）"], errors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cards_file_with_a_string_that_is_not_text_exits_2_with_its_path(bool raw)
    {
        byte[] bytes = raw
            ? [.. "{ \"tasks\": [ { \"id\": \"P1\", \"name\": \"道路"u8, 0xFF, .. "\", \"unit\": \"T1\", \"start\": \"2026-01-01\", \"due\": \"2026-04-11\" } ] }"u8]
            : "{ \"tasks\": [ { \"id\": \"P1\", \"name\": \"道路\\udbff\", \"unit\": \"T1\", \"start\": \"2026-01-01\", \"due\": \"2026-04-11\" } ] }"u8.ToArray();
        var path = Path.Combine(files.Directory, $"cards-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);

        var (code, output, errors) = Cli.RunWith("en", true, "cards", path, "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["$.tasks[0].name: a string is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff) (line 1, byte 36)"], errors);
    }
}
