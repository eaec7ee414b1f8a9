using BenchmarkDotNet.Attributes;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Bench;

/// <summary>In-process scoring of the province (1,000,000 values) and a what-if question on it.</summary>
[MemoryDiagnoser]
public class ProvinceBenchmarks
{
    private byte[] file = [];
    private Scheme scheme = null!;

    [GlobalSetup]
    public void Setup()
    {
        file = Province.Generate();
        scheme = SchemeReader.Read(file).Require();
    }

    /// <summary>Scoring alone: 1,000,000 values, the target is under 100 ms (10 million values per second).</summary>
    [Benchmark]
    public SchemeResult Score() => Scorer.Score(scheme);

    /// <summary>The smallest value of an efficacy indicator that puts a mid-table unit in the top 10 of its 500.</summary>
    [Benchmark]
    public WhatIfAnswer WhatIfEfficacy() => WhatIf.Solve(scheme, Province.UnitId(3, 250), "i1", 10);

    /// <summary>The same for a rank-method indicator.</summary>
    [Benchmark]
    public WhatIfAnswer WhatIfRank() => WhatIf.Solve(scheme, Province.UnitId(0, 250), "i2", 10);

    /// <summary>Reading and checking the 25 MB file: what `validate` does.</summary>
    [Benchmark]
    public SchemeReadResult ReadAndValidate() => SchemeReader.Read(file);
}
