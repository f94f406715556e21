// Signs requests with the AWS JavaScript SDK's SigV4 signer (@smithy/signature-v4), for SmithyCrossCheckTests.
// Reads one JSON request a line from stdin and writes one JSON line of signed headers to stdout, in order.
// A request is what went on the wire: method, host, the encoded path, its headers (none of the signing headers),
// the body (base64); with the credentials, region, service and date it was signed with.
"use strict";
const readline = require("node:readline");
const { SignatureV4 } = require("@smithy/signature-v4");
const { Sha256 } = require("@aws-crypto/sha256-js");

async function sign(r) {
  const signer = new SignatureV4({
    service: r.service,
    region: r.region,
    credentials: { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey, sessionToken: r.sessionToken ?? undefined },
    sha256: Sha256,
    // The default, as the SDK signs every non-S3 service: the (already encoded) path is encoded once more.
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: r.method,
      protocol: "https:",
      hostname: r.host,
      path: r.path,
      query: {},
      headers: { host: r.host, ...r.headers },
      body: r.body.length > 0 ? Buffer.from(r.body, "base64") : undefined,
    },
    { signingDate: new Date(r.date) });
  const h = signed.headers;
  return {
    authorization: h["authorization"],
    amzDate: h["x-amz-date"],
    securityToken: h["x-amz-security-token"] ?? null,
    contentSha256: h["x-amz-content-sha256"],
  };
}

(async () => {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > 0) {
      process.stdout.write(JSON.stringify(await sign(JSON.parse(line))) + "\n");
    }
  }
})().catch(e => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
