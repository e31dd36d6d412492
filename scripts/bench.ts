/**
 * `npm run bench`: cold `generate` (a fresh process each run, wall time and peak RSS) against the
 * per-provider CLI pipeline it replaces (`redocly bundle` then `openapi-typescript`, one process
 * each), paired run by run so the ratio holds on a noisy machine. Runs are bounded in count.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const providers = readdirSync(path.join(root, "specs"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

interface Sample {
  wall: number;
  rssMiB: number;
}

/** Runs argv under GNU time for wall seconds and peak RSS of the process. */
function timed(argv: string[], cwd = root): Sample {
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", ...argv], { cwd, encoding: "utf8", timeout: 120_000 });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${result.stderr}`);
  const rssKiB = Number(result.stderr.trim().split("\n").at(-1));
  return { wall, rssMiB: rssKiB / 1024 };
}

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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

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

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(52)}${value}\n`);
process.stdout.write(`agentstop bench — ${providers.length} providers, ${RUNS} paired runs (median; min–max)\n`);
const fmt = (values: number[], unit: string) => `${median(values).toFixed(2)} ${unit}  (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
line("first generate after install (fills caches), wall", `${firstRun.wall.toFixed(2)} s, peak RSS ${firstRun.rssMiB.toFixed(0)} MiB`);
line(
  "cold generate --check, wall",
  fmt(
    generateRuns.map((s) => s.wall),
    "s",
  ),
);
line(
  "cold generate --check, peak RSS",
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
line("target cold generate ≤ 2.0 s", median(generateRuns.map((s) => s.wall)) <= 2 ? "met" : "NOT met");
