/**
 * Per-call overhead of a generated client's `stopSession` and of the umbrella's `stop()` (timeout
 * armed, retries enabled but not triggered) against bare openapi-fetch, raw `fetch`, and raw `fetch`
 * with what a timeout and same-origin redirects cost on the platform (a signal, `redirect: "manual"`).
 * All send the same stop to one loopback server in its own process. Each variant runs alone in a
 * fresh process, bundled from dist/ as an app ships it; variants alternate round by round and each
 * round's ratio is taken against that round's raw fetch, so the medians hold on a noisy machine.
 * Run: `node --import tsx scripts/bench/per-call.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { credentials, expectedStopRequest, stopInput, validValue } from "../../test/helpers/clients.js";
import { allProviders } from "../../test/helpers/providers.js";
import { generatedPackageAliases } from "./bundle-size.js";
import { startLoopbackServer } from "./loopback-server.js";
import { median } from "./timed.js";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
// A fresh process's fetch takes about 3,000 loopback calls to reach its steady pace (JIT of undici):
// measured before that, every variant carries the same start-up cost and the ratios shrink toward 1.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4000);
const VARIANTS = ["raw fetch", "raw fetch + timeout signal", "bare openapi-fetch", "stopSession", "agentstop stop()"] as const;

export async function benchPerCall(root: string): Promise<void> {
  const all = allProviders(root);
  const provider = all.find((candidate) => candidate.id === process.env.BENCH_PROVIDER) ?? all.find((candidate) => candidate.stop.path.includes("{")) ?? all[0];
  if (!provider) throw new Error("no provider under specs/");
  const scratch = mkdtempSync(path.join(tmpdir(), "agentstop-per-call-"));
  const { url, child: server } = await startLoopbackServer();
  try {
    const childScript = path.join(scratch, "per-call-child.mjs");
    await build({
      entryPoints: [path.join(root, "scripts/bench/per-call-child.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      outfile: childScript,
      alias: { ...generatedPackageAliases(root), "agentstop-bench-provider": path.join(root, "generated", provider.id, "dist/index.js") },
      logLevel: "warning",
    });
    const auth = credentials(provider);
    const input = stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent"));
    // What the generated client sends, made by hand: the same method, URL, headers and body.
    const wire = expectedStopRequest(provider, input, { credentials: auth });
    const probe = {
      method: wire.method,
      target: wire.url,
      headers: { ...wire.headers, ...(wire.body ? { "content-type": "application/json" } : {}) },
      body: wire.body || undefined,
    };
    const perCall: Record<string, number[]> = Object.fromEntries(VARIANTS.map((name) => [name, []]));
    const ratios: Record<string, number[]> = Object.fromEntries(VARIANTS.map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const thisRound: Record<string, number> = {};
      // Rotate the order so no variant always runs first (or right after the server warmed up).
      const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length] as string);
      for (const variant of order) {
        const plan = { variant, url, provider: provider.id, auth: auth.auth, input, probe, calls: CALLS, warmup: WARMUP };
        const child = spawnSync(process.execPath, [childScript, JSON.stringify(plan)], { encoding: "utf8", timeout: 120_000 });
        if (child.status !== 0) throw new Error(`per-call bench (${variant}) failed:\n${child.stderr}`);
        const { usPerCall } = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as { usPerCall: number };
        thisRound[variant] = usPerCall;
        perCall[variant]?.push(usPerCall);
      }
      for (const variant of VARIANTS) ratios[variant]?.push((thisRound[variant] as number) / (thisRound["raw fetch"] as number));
    }
    console.log(
      `\nper-call overhead on loopback (${provider.id}; ${ROUNDS} rounds × ${CALLS} sequential calls after ${WARMUP} to warm up, each variant alone in a fresh process; medians of rounds, ratio = median of per-round ratios)`,
    );
    for (const variant of VARIANTS) {
      const samples = perCall[variant] ?? [];
      console.log(
        `  ${(variant === "stopSession" ? `${provider.id} stopSession` : variant).padEnd(28)} ${median(samples).toFixed(1).padStart(7)} µs/call  (${Math.min(...samples).toFixed(1)}–${Math.max(...samples).toFixed(1)})  ${median(ratios[variant] ?? []).toFixed(2)}× raw fetch`,
      );
    }
    console.log("  target: stop() ≤ 1.10× raw fetch (retries enabled, none triggered; the default 30 s timeout armed)");
  } finally {
    server.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchPerCall(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../.."));
}
