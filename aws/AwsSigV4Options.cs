using System;
using Amazon.Runtime;

namespace StageGen.Aws;

/// <summary>
/// How <see cref="AwsSigV4Handler"/> signs (region, signing name, credentials and clock) and, on a client built by
/// <see cref="AwsHttpClientBuilderExtensions.AddAwsSigV4"/>, how <see cref="AwsRetryHandler"/> retries.
/// </summary>
public sealed class AwsSigV4Options
{
    /// <summary>
    /// The region requests are signed for and, when the client has no base address, sent to (e.g. <c>us-east-1</c>).
    /// When null, the AWS SDKs' region chain finds it: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's
    /// <c>region</c> in <c>~/.aws/config</c>, then EC2 instance metadata.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>The region to sign for: <see cref="Region"/>, else the AWS SDKs' region chain.</summary>
    /// <exception cref="InvalidOperationException">No region is set and the chain finds none.</exception>
    internal string SigningRegion() =>
        Region is { Length: > 0 } region ? region
        : FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException("No AWS region to sign for: set AwsSigV4Options.Region, AWS_REGION, or a region in the profile of ~/.aws/config.");

    /// <summary>The signing name of the service (the spec's <c>x-aws-signingName</c>); <c>apigateway</c> for the Stage API.</summary>
    public string Service { get; set; } = "apigateway";

    /// <summary>
    /// The credentials to sign with. When null, AWSSDK.Core's default chain resolves them (environment, shared
    /// config and credentials files, SSO, web identity, container and EC2 instance metadata).
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Send to the FIPS endpoint of the region (base address from the endpoint rules only).</summary>
    public bool UseFips { get; set; }

    /// <summary>Send to the dual-stack (IPv4 and IPv6) endpoint of the region (base address from the endpoint rules only).</summary>
    public bool UseDualStack { get; set; }

    /// <summary>The clock the signing date comes from and retries wait on; tests fix it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Learn the clock offset from the service's clock-skew errors, re-sign and retry once (the AWS SDKs' behaviour).</summary>
    public bool CorrectClockSkew { get; set; } = true;

    /// <summary>
    /// The AWS SDKs' standard retry mode, which <see cref="AwsHttpClientBuilderExtensions.AddAwsSigV4"/> puts outside
    /// the signer: 3 attempts by default, <c>o.Retry.MaxAttempts = 1</c> for none.
    /// </summary>
    public AwsRetryOptions Retry { get; } = new();
}
