using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StageGen.Benchmarks.Clients;
using StageGen.Benchmarks.Generated;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Benchmarks.Validation;

/// <summary>
/// The generated validators on their own: a valid, fully populated UpdateStageInput and valid path parameters must
/// allocate nothing; an invalid input reports every failure (and pays for the messages).
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private UpdateStageInput _valid = null!;
    private UpdateStageInput _invalid = null!;

    [GlobalSetup]
    public void Setup()
    {
        _valid = new Contenders(Payloads.StageUtf8).StageGenBody;
        _invalid = _valid with
        {
            DefaultRouteSettings = new RouteSettings { LoggingLevel = new LoggingLevel("TRACE"), ThrottlingRateLimit = double.NaN },
            StageVariables = new Dictionary<string, string> { ["lambdaAlias"] = "live", ["bad key"] = "x", ["alias"] = "white space" },
            AccessLogSettings = new AccessLogSettings { Format = "$context.status" },
        };

        var valid = StageValidation.Validate(_valid);
        var parameters = StageValidation.ValidateUpdateStageParameters(Payloads.ApiId, Payloads.StageName);
        var invalid = StageValidation.Validate(_invalid);
        if (!valid.IsValid || !parameters.IsValid || invalid.Errors.Count != 5)
        {
            throw new InvalidOperationException($"Unexpected validation results:\nvalid: {valid}\nparameters: {parameters}\ninvalid ({invalid.Errors.Count}): {invalid}");
        }
    }

    [Benchmark(Description = "valid UpdateStageInput (every member set)")]
    public bool ValidBody()
    {
        var errors = new ValidationErrors();
        StageValidation.Validate(_valid, ref errors);
        return errors.Count == 0;
    }

    [Benchmark(Description = "valid path parameters (apiId, stageName)")]
    public bool ValidParameters()
    {
        var errors = new ValidationErrors();
        StageValidation.ValidateUpdateStageParameters(Payloads.ApiId, Payloads.StageName, ref errors);
        return errors.Count == 0;
    }

    [Benchmark(Description = "what UpdateStage checks: parameters + body, valid")]
    public bool ValidRequest()
    {
        var errors = new ValidationErrors();
        StageValidation.ValidateUpdateStageParameters(Payloads.ApiId, Payloads.StageName, ref errors);
        StageValidation.Validate(_valid, ref errors);
        return errors.ToResult().IsValid;
    }

    [Benchmark(Description = "invalid UpdateStageInput (5 errors)")]
    public int InvalidBody() => StageValidation.Validate(_invalid).Errors.Count;
}
