using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>These tests set process environment variables: they run alone, one after another.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment
{
}

/// <summary>
/// With no credentials given, the handler signs with what AWSSDK.Core's default chain finds: environment variables,
/// the shared credentials file of a profile, the container credentials endpoint and IMDSv2, each a fake on 127.0.0.1.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class CredentialSourceTests
{
    private static readonly string[] AwsVariables =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCOUNT_ID", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
        "AWS_EC2_METADATA_DISABLED",
    };

    [Fact]
    public async Task Environment_variables()
    {
        using var env = new EnvironmentScope(AwsVariables);
        env.Set("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT");
        env.Set("AWS_SECRET_ACCESS_KEY", "secret-from-environment");
        env.Set("AWS_SESSION_TOKEN", "token-from-environment");

        SeenRequest seen = await SignedCallAsync("AKIDENVIRONMENT", "secret-from-environment");

        Assert.Equal("token-from-environment", seen.SecurityToken);
    }

    [Fact]
    public async Task Shared_credentials_file_profile_under_HOME()
    {
        using var env = new EnvironmentScope(AwsVariables);
        string home = TestHome.Path;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".aws"));
            File.WriteAllText(Path.Combine(home, ".aws", "credentials"),
                "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secret-default\n\n" +
                "[stage-deployer]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret-from-profile\naws_session_token = token-from-profile\n");
            File.WriteAllText(Path.Combine(home, ".aws", "config"), "[profile stage-deployer]\nregion = us-east-1\n");
            env.Set("AWS_PROFILE", "stage-deployer");

            SeenRequest seen = await SignedCallAsync("AKIDPROFILE", "secret-from-profile");

            Assert.Equal("token-from-profile", seen.SecurityToken);
        }
        finally
        {
            Directory.Delete(Path.Combine(home, ".aws"), recursive: true);
        }
    }

    [Fact]
    public async Task Container_credentials_endpoint_with_its_authorization_token()
    {
        using var env = new EnvironmentScope(AwsVariables);
        var seenAuthorization = new ConcurrentQueue<string>();
        await using FakeHttpServer container = await FakeHttpServer.StartAsync(async context =>
        {
            seenAuthorization.Enqueue(context.Request.Headers.Authorization.ToString());
            if (context.Request.Headers.Authorization != "container-auth-token")
            {
                context.Response.StatusCode = 401;
                return;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(CredentialsJson("AKIDCONTAINER", "secret-from-container", "token-from-container"));
        });
        env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", new Uri(container.BaseAddress, "v2/credentials").ToString());
        env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token");

        SeenRequest seen = await SignedCallAsync("AKIDCONTAINER", "secret-from-container");

        Assert.Equal("token-from-container", seen.SecurityToken);
        Assert.Contains("container-auth-token", seenAuthorization);
    }

    [Fact]
    public async Task Expiring_container_credentials_are_fetched_again_before_they_expire()
    {
        using var env = new EnvironmentScope(AwsVariables);
        int fetches = 0;
        await using FakeHttpServer container = await FakeHttpServer.StartAsync(async context =>
        {
            int n = Interlocked.Increment(ref fetches);
            context.Response.ContentType = "application/json";
            // Valid for 20 s more: inside the SDK's refresh window, so the next signing fetches new ones.
            await context.Response.WriteAsync(CredentialsJson($"AKIDCONTAINER{n}", "secret-from-container", $"token-{n}", TimeSpan.FromSeconds(20)));
        });
        env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", new Uri(container.BaseAddress, "v2/credentials").ToString());
        env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token");
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.Keys.Clear();
        server.Keys["AKIDCONTAINER1"] = server.Keys["AKIDCONTAINER2"] = "secret-from-container";
        using var client = new HttpClient(new AwsSigV4Handler(new AwsSigV4Options { Region = "us-east-1" }) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };

        using HttpResponseMessage first = await client.GetAsync("v2/apis/a1b2c3/stages/prod");
        using HttpResponseMessage second = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new[] { "token-1", "token-2" }, server.Seen.Select(s => s.SecurityToken));
    }

    [Fact]
    public async Task IMDSv2_session_token_then_role_credentials()
    {
        using var env = new EnvironmentScope(AwsVariables);
        var paths = new ConcurrentQueue<string>();
        await using FakeHttpServer imds = await FakeHttpServer.StartAsync(async context =>
        {
            HttpRequest r = context.Request;
            paths.Enqueue(r.Method + " " + r.Path);
            if (r.Method == "PUT" && r.Path == "/latest/api/token")
            {
                await context.Response.WriteAsync("imds-session-token");
                return;
            }
            if (r.Headers["X-aws-ec2-metadata-token"] != "imds-session-token")
            {
                context.Response.StatusCode = 401;
                return;
            }
            switch (r.Path.Value)
            {
                case "/latest/meta-data/iam/security-credentials/":
                case "/latest/meta-data/iam/security-credentials":
                    await context.Response.WriteAsync("stage-role");
                    break;
                case "/latest/meta-data/iam/security-credentials/stage-role":
                    await context.Response.WriteAsync(CredentialsJson("AKIDIMDS", "secret-from-imds", "token-from-imds"));
                    break;
                case "/latest/meta-data/iam/info":
                    await context.Response.WriteAsync("{\"Code\":\"Success\",\"InstanceProfileArn\":\"arn:aws:iam::123456789012:instance-profile/stage-role\",\"InstanceProfileId\":\"AIPAEXAMPLE\"}");
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        // Without the trailing slash: the SDK appends "/latest/...".
        env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.BaseAddress.ToString().TrimEnd('/'));

        SeenRequest seen = await SignedCallAsync("AKIDIMDS", "secret-from-imds");

        Assert.Equal("token-from-imds", seen.SecurityToken);
        // IMDSv2: a session token first, then the role and its credentials with that token.
        Assert.Equal("PUT /latest/api/token", paths.First());
        Assert.Contains("GET /latest/meta-data/iam/security-credentials/stage-role", paths);
    }

    private static string CredentialsJson(string accessKey, string secretKey, string token, TimeSpan? expiresIn = null) =>
        $"{{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"{accessKey}\",\"SecretAccessKey\":\"{secretKey}\",\"Token\":\"{token}\"," +
        $"\"Expiration\":\"{DateTime.UtcNow + (expiresIn ?? TimeSpan.FromHours(6)):yyyy-MM-ddTHH:mm:ssZ}\",\"LastUpdated\":\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\"}}";

    /// <summary>One GET through a handler given no credentials; the server accepts only <paramref name="accessKey"/>.</summary>
    private static async Task<SeenRequest> SignedCallAsync(string accessKey, string secretKey)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.Keys.Clear();
        server.Keys[accessKey] = secretKey;
        using var client = new HttpClient(new AwsSigV4Handler(new AwsSigV4Options { Region = "us-east-1" }) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SeenRequest seen = Assert.Single(server.Seen);
        Assert.Equal(accessKey, seen.AccessKey);
        return seen;
    }

    /// <summary>Clears the given variables (IMDS off unless a test points it at its fake) and restores them all on dispose.</summary>
    internal sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _saved;

        public EnvironmentScope(IEnumerable<string> names)
        {
            _saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
            foreach (string name in _saved.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
            // Never the real instance metadata address: only a test's fake on 127.0.0.1.
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }

        public void Set(string name, string value)
        {
            if (name == "AWS_EC2_METADATA_SERVICE_ENDPOINT")
            {
                Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", null);
            }
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose()
        {
            foreach ((string name, string? value) in _saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
