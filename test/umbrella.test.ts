// The umbrella package (generated/agentstop): stop() and stopMany() over every provider against
// node:http servers on 127.0.0.1, the outcome table, environment credentials, bounded concurrency,
// the shared 429 backoff, streaming and failure isolation; the target union's types; and the CLI as
// a child process. Providers, their inputs and their statuses come from specs/ and the bundled specs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentials, replyFor, stopInput, validValue } from "./helpers/clients.js";
import { allProviders, documentedStatuses, type Provider } from "./helpers/providers.js";
import { repoRoot } from "./helpers/repo.js";

type Umbrella = typeof import("../generated/agentstop/src/index.js");
const umbrella = (await import("../generated/agentstop/src/index.js")) as Umbrella;
const providers = allProviders();

/** A server whose answer each test sets; it records when each request arrived and left, per provider (by path prefix). */
interface Plan {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}
let planFor: (request: IncomingMessage, body: string) => Plan = () => ({ status: 200, body: {} });
const log: { url: string; body: string; headers: IncomingMessage["headers"]; start: number; end: number }[] = [];
let inFlight = 0;
let maxInFlight = 0;
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const entry = { url: request.url ?? "", body, headers: request.headers, start: performance.now(), end: 0 };
    log.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const plan = planFor(request, body);
    setTimeout(() => {
      inFlight--;
      entry.end = performance.now();
      response.writeHead(plan.status, { "content-type": "application/json", ...plan.headers });
      response.end(plan.body === undefined ? undefined : JSON.stringify(plan.body));
    }, plan.delayMs ?? 0);
  });
});
let baseUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const reset = (plan: (request: IncomingMessage, body: string) => Plan) => {
  planFor = plan;
  log.length = 0;
  inFlight = 0;
  maxInFlight = 0;
};

/** Each provider on this server (its own path prefix, so requests can be told apart), with test credentials. */
const baseUrls = Object.fromEntries(providers.map((provider) => [provider.id, `${baseUrl}/${provider.id}`]));
const options = () => ({
  baseUrls: Object.fromEntries(providers.map((provider) => [provider.id, `${baseUrl}/${provider.id}`])),
  credentials: Object.fromEntries(providers.map((provider) => [provider.id, credentials(provider).auth])),
  env: {},
  maxRetries: 0,
});
void baseUrls;
const target = (provider: Provider, sessionId = validValue(provider.sessionPathParameter)) =>
  ({ provider: provider.id, ...stopInput(provider, sessionId, validValue(provider.agentPathParameter, "my-agent")) }) as Parameters<Umbrella["stop"]>[0];
const providerOfUrl = (url: string) => url.split("/")[1] ?? "";

/** The outcome a status should have, stated here independently of the generator: the manifest's word, else the rules. */
function expectedOutcome(provider: Provider, key: string): string {
  const manifest = (provider.manifest as { outcomes?: Record<string, string | { outcome: string }> }).outcomes?.[key];
  if (manifest) return typeof manifest === "string" ? manifest : manifest.outcome;
  const status = Number(key.replace(/X/gi, "0"));
  if (status >= 200 && status < 300) return "stopped";
  // A range says less than a status the rules know (the reply for `4XX` is a 400: invalid).
  if (/^4XX$/i.test(key) && ![400, 401, 403, 404, 408, 422, 424, 429].includes(status)) return "failed";
  if ([400, 422].includes(status)) return "invalid";
  if ([401, 403].includes(status)) return "unauthorized";
  if (status === 404) return "not-found";
  if (status === 429) return "rate-limited";
  if (status === 408 || status === 424 || status >= 500) return "unavailable";
  return "failed";
}

describe.each(providers)("stop() on $id", (provider) => {
  const { success, errors } = documentedStatuses(provider.stop);
  it.each([...success, ...errors])("maps its documented %s to the outcome its spec and manifest give", async (key) => {
    const reply = replyFor(provider, key);
    reset(() => ({ status: reply.status, body: reply.body, headers: { ...reply.headers, "retry-after": "0", "x-request-id": "req-1" } }));
    const outcome = await umbrella.stop(target(provider), options());
    expect(outcome).toMatchObject({ provider: provider.id, outcome: expectedOutcome(provider, key), status: reply.status, attempts: 1, requestId: "req-1" });
    expect(outcome.effect).toBe(provider.manifest.stopSession.effect);
    expect(log).toHaveLength(1);
    expect(log[0]?.url.startsWith(`/${provider.id}/`)).toBe(true);
  });

  it("reads its credential from the documented environment variable; an empty one is unset, and nothing is sent", async () => {
    const entry = umbrella.providerEntry(provider.id);
    const [credential] = entry?.credentials ?? [];
    if (!entry || !credential) return;
    reset(() => ({ status: 200, body: {} }));
    const env = { [credential.env]: "env-secret-1", [entry.baseUrlEnv]: `${baseUrl}/${provider.id}` };
    const outcome = await umbrella.stop(target(provider), { env, maxRetries: 0 });
    expect(outcome.outcome).toBe("stopped");
    expect(JSON.stringify(log[0]?.headers) + log[0]?.url).toMatch(/env-secret-1|ZW52LXNlY3JldC0x/);
    if (!entry.requiresCredentials) return;
    reset(() => ({ status: 200, body: {} }));
    const missing = await umbrella.stop(target(provider), { env: { [credential.env]: "", [entry.baseUrlEnv]: `${baseUrl}/${provider.id}` }, maxRetries: 0 });
    expect(missing.outcome).toBe("unauthorized");
    expect(missing.errorMessage).toMatch(/auth\./);
    expect(log).toHaveLength(0);
  });
});

describe("stopMany", () => {
  const many = (count: number) => Array.from({ length: count }, (_, i) => target(providers[i % providers.length] as Provider));

  it("keeps concurrency and per-provider limits, measured at the server, and yields every outcome", async () => {
    reset(() => ({ status: 200, body: {}, delayMs: 20 }));
    const perProvider = new Map<string, number>();
    let maxPerProvider = 0;
    const original = planFor;
    planFor = (request, body) => {
      const id = providerOfUrl(request.url ?? "");
      perProvider.set(id, (perProvider.get(id) ?? 0) + 1);
      maxPerProvider = Math.max(maxPerProvider, perProvider.get(id) ?? 0);
      setTimeout(() => perProvider.set(id, (perProvider.get(id) ?? 1) - 1), 20);
      return original(request, body);
    };
    const run = umbrella.stopMany(many(60), { ...options(), concurrency: 6, perProvider: 2 });
    const outcomes = [];
    for await (const outcome of run) outcomes.push(outcome);
    expect(outcomes).toHaveLength(60);
    expect(maxInFlight).toBeLessThanOrEqual(6);
    expect(maxPerProvider).toBeLessThanOrEqual(2);
    expect(run.summary()).toMatchObject({ total: 60, succeeded: 60, failed: 0, byOutcome: { stopped: 60 } });
  });

  it("streams outcomes as they complete: a slow stop comes last", async () => {
    const [slow, ...rest] = providers;
    if (!slow) return;
    reset((request) => ({ status: 200, body: {}, delayMs: providerOfUrl(request.url ?? "") === slow.id ? 300 : 5 }));
    const order: string[] = [];
    for await (const outcome of umbrella.stopMany([target(slow), ...rest.map((provider) => target(provider))], { ...options(), concurrency: 8 }))
      order.push(outcome.provider);
    expect(order.at(-1)).toBe(slow.id);
  });

  it("one provider failing (5xx, thrown input errors, a dead host) never stops the rest", async () => {
    const [broken, ...healthy] = providers;
    if (!broken || healthy.length === 0) return;
    reset((request) => (providerOfUrl(request.url ?? "") === broken.id ? { status: 503, body: {} } : { status: 200, body: {} }));
    const targets = [target(broken), { ...target(broken), sessionId: "" }, ...healthy.map((provider) => target(provider))] as Parameters<Umbrella["stop"]>[0][];
    const run = umbrella.stopMany(targets, { ...options(), baseUrls: { ...options().baseUrls } });
    const outcomes = [];
    for await (const outcome of run) outcomes.push(outcome);
    expect(outcomes.filter((outcome) => outcome.provider !== broken.id).every((outcome) => outcome.outcome === "stopped")).toBe(true);
    expect(
      outcomes
        .filter((outcome) => outcome.provider === broken.id)
        .map((outcome) => outcome.outcome)
        .sort(),
    ).toEqual(["invalid", "unavailable"]);
    expect(run.summary().failed).toBe(2);
  });

  it("shares a provider's 429 backoff: its next stops wait out the Retry-After", async () => {
    const [first] = providers;
    if (!first) return;
    let answered429 = false;
    reset(() => {
      if (answered429) return { status: 200, body: {} };
      answered429 = true;
      return { status: 429, body: {}, headers: { "retry-after": "1" } };
    });
    const started = performance.now();
    const outcomes = [];
    for await (const outcome of umbrella.stopMany([target(first), target(first), target(first)], { ...options(), concurrency: 1 })) outcomes.push(outcome);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["rate-limited", "stopped", "stopped"]);
    expect(outcomes[0]?.retryAfterMs).toBe(1000);
    expect((log[1]?.start ?? 0) - started).toBeGreaterThanOrEqual(950);
  });
});

describe("the CLI, as a child process", () => {
  const cli = path.join(repoRoot, "generated/agentstop/src/cli.ts");
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", ...env },
        timeout: 60_000,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  const [provider] = providers;
  const entry = provider && umbrella.providerEntry(provider.id);
  const envFor = (secret: string) => ({
    ...Object.fromEntries((entry?.credentials ?? []).slice(0, 1).map((credential) => [credential.env, secret])),
    ...(entry ? { [entry.baseUrlEnv]: `${baseUrl}/${entry.id}` } : {}),
  });
  const args = () => {
    const t = target(provider as Provider) as unknown as Record<string, unknown>;
    const flags = Object.entries(t)
      .filter(([field]) => field !== "provider" && field !== "sessionId")
      .flatMap(([field, value]) => [`--${field.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`, String(value)]);
    return [String(t.provider), String(t.sessionId), ...flags];
  };
  let scratch = "";
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "agentstop-cli-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("stops a session (exit 0) and prints JSON lines with --json", async () => {
    reset(() => ({ status: 200, body: {} }));
    const result = await run(["stop", ...args(), "--json"], envFor("cli-secret-1"));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ provider: provider?.id, outcome: "stopped" });
    expect(lines.at(-1)).toMatchObject({ summary: { total: 1, succeeded: 1 } });
    expect(result.stdout + result.stderr).not.toContain("cli-secret-1");
  });

  it("exits 1 when some stop fails, 2 on bad input: unknown provider, a bad line (with its number), a missing credential", async () => {
    reset(() => ({ status: 500, body: {} }));
    expect((await run(["stop", ...args(), "--retries", "0"], envFor("s3cret"))).code).toBe(1);
    const unknown = await run(["stop", "no-such-provider", "x"], envFor("s3cret"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown provider "no-such-provider"/);
    const file = path.join(scratch, "targets.jsonl");
    writeFileSync(file, `${JSON.stringify(target(provider as Provider))}\nnot json\n`);
    const bad = await run(["stop", "--file", file], envFor("s3cret"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("targets.jsonl:2: not a JSON object");
    if (entry?.requiresCredentials) {
      const missing = await run(["stop", ...args()], envFor(""));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/needs a credential: set AGENTSTOP_/);
    }
    expect(bad.stderr + unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it("--dry-run prints the request with credentials as *** and sends nothing", async () => {
    reset(() => ({ status: 200, body: {} }));
    const result = await run(["stop", ...args(), "--dry-run"], envFor("dry-secret-9"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^(POST|DELETE|PATCH|PUT) http:\/\/127\.0\.0\.1/);
    if (entry?.requiresCredentials) expect(result.stdout).toContain("***");
    expect(result.stdout).not.toContain("dry-secret-9");
    expect(log).toHaveLength(0);
  });

  it.each([["--help"], ["stop", "--help"], ["providers", "--help"]])("%s prints usage and exits 0", async (...argv) => {
    const result = await run(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: agentstop/);
  });
});

describe("the target union's types", () => {
  it("requires each provider's scoping inputs exactly where it needs them, and rejects them where it does not", async () => {
    const ts = (await import("typescript")).default;
    const dir = mkdtempSync(path.join(tmpdir(), "agentstop-types-"));
    try {
      const lines = ['import type { StopTarget } from "agentstop";', "export const targets: StopTarget[] = [];"];
      for (const [index, provider] of providers.entries()) {
        const full = target(provider) as unknown as Record<string, unknown>;
        lines.push(`targets.push(${JSON.stringify(full)});`);
        const agent = provider.stopSession.inputs.find((input) => input.role === "agent" && input.required);
        if (agent) {
          const { [agent.field]: _, ...without } = full;
          lines.push(`// @ts-expect-error ${provider.id} needs ${agent.field}`, `export const missing${index}: StopTarget = ${JSON.stringify(without)};`);
        } else {
          lines.push(
            `// @ts-expect-error ${provider.id} takes no agentId`,
            `export const extra${index}: StopTarget = ${JSON.stringify({ ...full, agentId: "x" })};`,
          );
        }
      }
      const file = path.join(dir, "targets.ts");
      writeFileSync(file, lines.join("\n"));
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        types: [],
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        baseUrl: repoRoot,
        paths: { agentstop: ["generated/agentstop/src/index.ts"], "@agentstop/*": ["generated/*/src/index.ts"] },
        allowImportingTsExtensions: true,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, " "));
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
