// Every provider's generated client against a server on 127.0.0.1 that answers badly: throttling
// with Retry-After in both forms, 5xx, resets, hangs, HTML, truncated JSON, a slow body and
// redirects. What the client must do (retry or not) follows from the provider's own stop: its method
// and the manifest's `stopSession.retry`, so a provider added under specs/ is covered too.
import { inspect } from "node:util";
import { NetworkError, TimeoutError, UnexpectedResponse } from "@agentstop/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentials, expectedStopRequest, loadClient, operationMethodName, stopInit, stopInput, validValue } from "./helpers/clients.js";
import { type Fault, startFaultServer } from "./helpers/fault-server.js";
import { allProviders, type Provider } from "./helpers/providers.js";

let server: Awaited<ReturnType<typeof startFaultServer>>;
let elsewhere: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  [server, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), elsewhere.close()]);
});

const providers = allProviders();
const clients = new Map(await Promise.all(providers.map(async (provider) => [provider.id, await loadClient(provider.id)] as const)));

const IDEMPOTENT = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"];
/** The stop is retried when the manifest says it is safe, or (without a word from it) when its method is idempotent. */
const retrySafe = (provider: Provider) => provider.manifest.stopSession.retry?.safe ?? IDEMPOTENT.includes(provider.stop.method.toUpperCase());

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Fault => ({ kind: "reply", status, body: JSON.stringify(body), headers });
const ok = json(200, {});

/** Everything an object shows of itself: a secret must appear in none of it. */
const everyView = (value: unknown) =>
  [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 6, showHidden: true }), (value as Error)?.stack ?? ""].join("\n");

describe.each(providers)("$id client against faults on 127.0.0.1", (provider) => {
  const auth = credentials(provider);
  const secrets = Object.values(auth.auth);
  const input = stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent"));
  const safe = retrySafe(provider);
  const client = (options: Record<string, unknown> = {}) =>
    (clients.get(provider.id) as Awaited<ReturnType<typeof loadClient>>).create({
      baseUrl: server.url,
      auth: auth.auth,
      timeoutMs: 300,
      maxRetries: 2,
      maxRetryDelayMs: 3000,
      ...options,
    });
  const attemptsAllowed = (retries: number) => (safe ? retries + 1 : 1);

  it(`${safe ? "retries" : "does not retry"} 500, 502 and 503 (${provider.manifest.stopSession.retry?.why ?? `${provider.stop.method.toUpperCase()} stop`})`, async () => {
    server.script(json(500, {}), json(502, {}), json(503, {}), ok);
    const result = await client({ maxRetries: 3 }).stopSession(input);
    expect(server.requests).toHaveLength(safe ? 4 : 1);
    expect(result.attempts).toBe(safe ? 4 : 1);
    expect(result.ok).toBe(safe);
    expect(result.status).toBe(safe ? 200 : 500);
  });

  it("gives up after maxRetries and returns the last 5xx as it came", async () => {
    server.script(json(503, {}));
    const result = await client({ maxRetries: 1 }).stopSession(input);
    expect(result.attempts).toBe(attemptsAllowed(1));
    expect(server.requests).toHaveLength(attemptsAllowed(1));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(503);
  });

  it("waits out a 429's Retry-After in seconds before the next attempt", async () => {
    server.script(json(429, {}, { "retry-after": "1" }), ok);
    const result = await client().stopSession(input);
    expect(result.retryAfterMs).toBe(safe ? undefined : 1000);
    if (!safe) return expect(server.requests).toHaveLength(1);
    expect(result.ok).toBe(true);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("waits out a 429's Retry-After given as an HTTP-date", async () => {
    const until = new Date(Date.now() + 2000);
    server.script(json(429, {}, { "retry-after": until.toUTCString() }), ok);
    const started = Date.now();
    const result = await client().stopSession(input);
    if (!safe) return expect(server.requests).toHaveLength(1);
    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(2);
    // The date has whole seconds: the retry comes no earlier than that second began.
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.floor(until.getTime() / 1000) * 1000 - started - 50);
  });

  it("hands back a 429 whose Retry-After is beyond maxRetryDelayMs instead of waiting", async () => {
    server.script(json(429, {}, { "retry-after": "120" }), ok);
    const result = await client().stopSession(input);
    expect(server.requests).toHaveLength(1);
    expect(result.status).toBe(429);
    expect(result.retryAfterMs).toBe(120_000);
  });

  it("retries a connection reset when safe, and reports a NetworkError when it persists", async () => {
    server.script({ kind: "reset" }, ok);
    if (safe) expect((await client().stopSession(input)).ok).toBe(true);
    server.script({ kind: "reset" });
    const failure = await client({ maxRetries: 1 })
      .stopSession(input)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).attempts).toBe(attemptsAllowed(1));
    for (const secret of secrets) expect(everyView(failure)).not.toContain(secret);
  });

  it("times out a hanging server per attempt with a TimeoutError", async () => {
    server.script({ kind: "hang" });
    const failure = await client({ maxRetries: 1, timeoutMs: 200 })
      .stopSession(input)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(TimeoutError);
    expect(failure).toMatchObject({ kind: "timeout", timeoutMs: 200, attempts: attemptsAllowed(1) });
    expect(server.requests).toHaveLength(attemptsAllowed(1));
    for (const secret of secrets) expect(everyView(failure)).not.toContain(secret);
  });

  it("times out a body that arrives too slowly", async () => {
    server.script({ kind: "slow-body", status: 200, chunks: ['{"a":', "1", ",", '"b":2}'], intervalMs: 150 });
    const failure = await client({ maxRetries: 0, timeoutMs: 250 })
      .stopSession(input)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(TimeoutError);
  });

  it("types an HTML 502 as an UnexpectedResponse with a bounded excerpt, never as the documented error", async () => {
    const page = `<html><body>${"Bad gateway ".repeat(200)}</body></html>`;
    server.script({ kind: "reply", status: 502, body: page, headers: { "content-type": "text/html" } });
    const result = await client({ maxRetries: 0 }).stopSession(input);
    expect(result.ok).toBe(false);
    expect(result.error).toBeInstanceOf(UnexpectedResponse);
    const error = result.error as UnexpectedResponse;
    expect(error).toMatchObject({ status: 502, contentType: "text/html", reason: "not-json" });
    expect(error.excerpt.length).toBeLessThanOrEqual(513);
    expect(page.startsWith(error.excerpt.slice(0, -1))).toBe(true);
  });

  it("turns truncated JSON on a success into an UnexpectedResponse, not a SyntaxError", async () => {
    server.script({ kind: "reply", status: 200, body: '{"status": "sto' });
    const result = await client().stopSession(input);
    expect(result).toMatchObject({ ok: false, status: 200 });
    expect(result.error).toBeInstanceOf(UnexpectedResponse);
    expect((result.error as UnexpectedResponse).reason).toBe("malformed-json");
  });

  it("types a JSON error body that lacks what the schema requires as an UnexpectedResponse", async () => {
    server.script(json(418, { unexpected: true }));
    const result = await client().stopSession(input);
    expect(result.error).toBeInstanceOf(UnexpectedResponse);
    expect((result.error as UnexpectedResponse).body).toEqual({ unexpected: true });
  });

  it("follows a redirect within the origin, and not one to another host (credentials stay home)", async () => {
    server.script({ kind: "reply", status: 307, headers: { location: "/moved" } }, ok);
    const followed = await client().stopSession(input);
    expect(followed.ok).toBe(true);
    expect(server.requests.map((request) => request.url.split("?")[0])).toContain("/moved");
    elsewhere.script(ok);
    server.script({ kind: "reply", status: 307, headers: { location: `${elsewhere.url}/steal` } });
    const refused = await client().stopSession(input);
    expect(refused.status).toBe(307);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("names the package and its version in the User-Agent, and reports the request id", async () => {
    server.script(json(200, {}, { "x-request-id": "req-42" }));
    const result = await client().stopSession(input);
    const escaped = provider.manifest.package.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    expect(server.requests[0]?.headers["user-agent"]).toMatch(new RegExp(`^${escaped}/\\d+\\.\\d+\\.\\d+ agentstop node/`));
    expect(result.requestId).toBe("req-42");
  });

  it("never shows a credential to a logging middleware, yet sends it", async () => {
    server.script(ok);
    const logged: string[] = [];
    const logging = client();
    (logging.raw as unknown as { use: (middleware: object) => void }).use({
      onRequest: ({ request }: { request: Request }) =>
        void logged.push(request.url, ...Array.from(request.headers as unknown as Iterable<[string, string]>).flat()),
      onResponse: ({ request }: { request: Request }) =>
        void logged.push(request.url, ...Array.from(request.headers as unknown as Iterable<[string, string]>).flat()),
    });
    // Middleware on client.raw sees the calls that go through openapi-fetch: operations.* and raw.
    const stop = logging.operations[operationMethodName(provider)] as (init: object) => Promise<{ ok: boolean }>;
    expect((await stop(stopInit(provider, input))).ok).toBe(true);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logged.join("\n")).not.toContain(secret);
    const want = expectedStopRequest(provider, input, { credentials: auth });
    expect(server.requests[0]?.headers).toMatchObject(want.headers);
    expect(server.requests[0]?.url).toBe(want.url);
  });

  it("stops at once, without retrying, when the caller aborts", async () => {
    server.script({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("operator cancelled");
    setTimeout(() => controller.abort(reason), 50);
    const failure = await client({ timeoutMs: 5000 })
      .stopSession(input, { signal: controller.signal })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});
