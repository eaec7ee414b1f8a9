using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>The engine's front door: a valid scheme in, its results out.</summary>
public static class Scorer
{
    public static SchemeResult Score(Scheme scheme) => Score(scheme, exact: false);

    /// <param name="exact">true scores with the decimal formulas alone; the default fast path publishes the same figures (ADR 0001).</param>
    internal static SchemeResult Score(Scheme scheme, bool exact)
    {
        var categories = new CategoryResult[scheme.Categories.Count];
        for (int i = 0; i < categories.Length; i++)
        {
            var run = new CategoryRun(scheme, scheme.Categories[i], exact);
            run.ComputeAll();
            categories[i] = run.Compose();
        }
        return new SchemeResult { Scheme = scheme, Categories = categories };
    }
}
