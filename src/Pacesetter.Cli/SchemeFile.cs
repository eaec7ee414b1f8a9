using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Cli;

/// <summary>Loads a file named on the command line, turning every failure into one clear line.</summary>
public static class InputFile
{
    public static byte[]? Load(string path, CliContext ctx)
    {
        try
        {
            if (Directory.Exists(path))
            {
                ctx.Error.WriteLine($"{path}: is a directory, not a file (是目录而非文件)");
                return null;
            }
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            ctx.Error.WriteLine($"{path}: no such file (文件不存在)");
        }
        catch (DirectoryNotFoundException)
        {
            ctx.Error.WriteLine($"{path}: no such file (文件不存在)");
        }
        catch (UnauthorizedAccessException)
        {
            ctx.Error.WriteLine($"{path}: permission denied (无权读取)");
        }
        catch (IOException ex)
        {
            ctx.Error.WriteLine($"{path}: cannot be read: {ex.Message} (无法读取)");
        }
        return null;
    }

    public static Language ParseLanguage(string? value, Language fallback) => value switch
    {
        "zh" or "zh-CN" or "zh-Hans" => Language.Chinese,
        "en" => Language.English,
        _ => fallback,
    };

    /// <summary>Reads a scheme file; on any problem writes them all to standard error and returns null.</summary>
    public static Scheme? LoadScheme(string path, CliContext ctx, Language language, PhaseTrace? trace = null)
    {
        var bytes = Load(path, ctx);
        if (bytes is null) return null;
        trace?.Step("read file");
        var read = SchemeReader.Read(bytes);
        trace?.Step("parse and check");
        if (read.IsValid) return read.Scheme;
        foreach (var p in read.Problems) ctx.Error.WriteLine(p.Line(language));
        return null;
    }
}
