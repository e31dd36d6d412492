/**
 * Per-call overhead of a generated client's `stopSession` (timeout armed, retries enabled but not
 * triggered) against bare openapi-fetch and raw `fetch`, all sending the same stop to one loopback
 * server in a child process. Variants alternate round by round, so the ratios hold on a noisy
 * machine; each round is bounded in calls. Run: `node --import tsx scripts/bench/per-call.ts`.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import createClient from "openapi-fetch";
import { credentials, expectedStopRequest, stopInput, validValue } from "../../test/helpers/clients.js";
import { allProviders } from "../../test/helpers/providers.js";
import { startLoopbackServer } from "./loopback-server.js";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchPerCall(root: string): Promise<void> {
  const all = allProviders(root);
  const provider = all.find((candidate) => candidate.id === process.env.BENCH_PROVIDER) ?? all.find((candidate) => candidate.stop.path.includes("{")) ?? all[0];
  if (!provider) throw new Error("no provider under specs/");
  const { url, child } = await startLoopbackServer();
  try {
    const module = (await import(pathToFileURL(path.join(root, "generated", provider.id, "src/index.ts")).href)) as Record<string, unknown>;
    const factory = Object.entries(module).find(([name]) => /^create\w*Client$/.test(name))?.[1] as (options: object) => {
      stopSession: (input: object) => Promise<{ ok: boolean }>;
    };
    const auth = credentials(provider);
    const input = stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent"));
    const generated = factory({ baseUrl: url, auth: auth.auth });
    // What the generated client sends, made by hand: the same method, URL, headers and body.
    const wire = expectedStopRequest(provider, input, { credentials: auth });
    const probe = {
      method: wire.method,
      target: wire.url,
      headers: { ...wire.headers, ...(wire.body ? { "content-type": "application/json" } : {}) },
      body: wire.body || undefined,
    };
    const bare = createClient<Record<string, never>>({ baseUrl: url });
    const umbrella = (await import(
      pathToFileURL(path.join(root, "generated/agentstop/src/index.ts")).href
    )) as typeof import("../../generated/agentstop/src/index.js");
    const umbrellaOptions = { baseUrls: { [provider.id]: url }, credentials: { [provider.id]: auth.auth }, env: {} };
    const variants: Record<string, () => Promise<unknown>> = {
      "raw fetch": async () => {
        const response = await fetch(`${url}${probe.target}`, { method: probe.method, headers: probe.headers, body: probe.body });
        return response.json();
      },
      "bare openapi-fetch": () =>
        (bare as unknown as { request: (m: string, p: string, i: object) => Promise<unknown> }).request(probe.method.toLowerCase(), probe.target, {
          headers: probe.headers,
          body: probe.body === undefined ? undefined : JSON.parse(probe.body),
        }),
      [`${provider.id} stopSession`]: async () => {
        const result = await generated.stopSession(input);
        if (!result.ok) throw new Error("the stop failed");
      },
      "agentstop stop()": async () => {
        const outcome = await umbrella.stop({ provider: provider.id, ...input } as never, umbrellaOptions);
        if (outcome.outcome !== "stopped") throw new Error(`the stop failed: ${outcome.outcome}`);
      },
    };
    const perCall: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    for (const run of Object.values(variants)) for (let i = 0; i < 200; i++) await run(); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(variants)) {
        const started = performance.now();
        for (let i = 0; i < CALLS; i++) await run();
        perCall[name]?.push(((performance.now() - started) * 1000) / CALLS);
      }
    }
    const raw = median(perCall["raw fetch"] ?? []);
    console.log(`\nper-call overhead on loopback (${provider.id}; ${ROUNDS} rounds × ${CALLS} sequential calls, medians of rounds)`);
    for (const [name, samples] of Object.entries(perCall)) {
      const value = median(samples);
      console.log(
        `  ${name.padEnd(28)} ${value.toFixed(1).padStart(7)} µs/call  (${Math.min(...samples).toFixed(1)}–${Math.max(...samples).toFixed(1)})  ${(value / raw).toFixed(2)}× raw fetch`,
      );
    }
    console.log("  target: stop() ≤ 1.10× raw fetch (retries enabled, none triggered); stop() reuses the client made for the same options object");
  } finally {
    child.kill();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchPerCall(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../.."));
}
