using System;
using System.Collections.Generic;

namespace StageGen.Emulator;

/// <summary>
/// How the emulator checks AWS Signature Version 4 like the service: the access keys it knows, and the region and
/// signing name a credential must be scoped to. Set <see cref="EmulatorOptions.SigV4"/> to turn the check on.
/// </summary>
public sealed class EmulatorSigV4
{
    /// <summary>The example access key id of AWS's documentation and SigV4 test suite.</summary>
    public const string ExampleAccessKeyId = "AKIDEXAMPLE";

    /// <summary>The example secret access key that goes with <see cref="ExampleAccessKeyId"/>.</summary>
    public const string ExampleSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The keys requests may be signed with; by default the example key, without a session token.</summary>
    public IReadOnlyList<EmulatorAccessKey> AccessKeys { get; init; } = [new(ExampleAccessKeyId, ExampleSecretAccessKey)];

    /// <summary>The region a credential must be scoped to.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The signing name a credential must be scoped to (the spec's <c>x-aws-signingName</c>).</summary>
    public string Service { get; init; } = "apigateway";
}

/// <summary>One access key the emulator accepts.</summary>
/// <param name="AccessKeyId">The key id, as in the <c>Credential</c> of the <c>Authorization</c> header.</param>
/// <param name="SecretAccessKey">The secret the signature is recomputed with.</param>
/// <param name="SessionToken">When set, the key is temporary: each request must carry this <c>X-Amz-Security-Token</c>.</param>
/// <param name="Expires">When a temporary key's session ends; after it, requests get <c>ExpiredTokenException</c>.</param>
/// <param name="ReadOnly">The key's policy allows only reads: other methods get <c>AccessDeniedException</c>.</param>
public sealed record EmulatorAccessKey(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expires = null, bool ReadOnly = false);
