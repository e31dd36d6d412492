import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { MATRIX_FILE } from "../conformance/conformance-stage.js";
import { type MatrixRow, readPreviousRows } from "../conformance/matrix.js";
import { InProcessEmitters } from "../emit/thread/in-process.js";
import { discoverProviders } from "../load/discover.js";
import { generateShared } from "../pipeline.js";
import { planShards } from "../shard/plan-shards.js";
import { providerSizes } from "../shard/provider-sizes.js";
import { RUNTIME_ID, UMBRELLA_ID } from "../shared/runtime-package.js";
import { CACHE_DIR } from "../startup/code-cache.mjs";
import { commitFiles } from "../write/commit-files.js";
import { parseCommand, usageError } from "./args.js";

const log = (line = "") => process.stderr.write(`${line}\n`);

export const SHARD_PLAN_USAGE = `usage: npm run --silent agentstop -- shard-plan --shards <n>
  Prints the shard plan as one line of JSON for a GitHub Actions matrix:
  {"include":[{"shard":1,"providers":"a,b"},…]}. Providers are balanced by the size of their
  spec folders; the same repository always gives the same plan. The plan, with sizes, goes to stderr.`;

export const SHARD_COLLECT_USAGE = `usage: npm run agentstop -- shard-collect --only <a,b,…> --to <dir>
  After a shard's \`npm run generate -- --only <a,b,…>\`: copies those providers' packages and the
  conformance matrix (whose rows for them are fresh) into <dir>/generated/, for the fan-in.`;

export const ASSEMBLE_USAGE = `usage: npm run agentstop -- assemble <shard-dir>…
  The fan-in of a sharded run: puts every shard's provider packages in generated/, then makes what
  needs all of them (the runtime, the umbrella package and the conformance matrix) as a whole run
  would. Every provider under specs/ must come from exactly one shard.`;

export async function runShardPlan(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: SHARD_PLAN_USAGE, options: { shards: { type: "string" } } });
  if (typeof parsed === "number") return parsed;
  const count = Number(parsed.values.shards);
  if (!Number.isInteger(count) || count < 1) return usageError(`--shards ${parsed.values.shards ?? ""}: a whole number of at least 1`, SHARD_PLAN_USAGE);
  const shards = planShards(providerSizes(repoRoot), count);
  for (const shard of shards) log(`shard ${shard.index}: ${shard.providers.length} provider(s), ${shard.bytes} bytes of specs: ${shard.providers.join(", ")}`);
  process.stdout.write(`${JSON.stringify({ include: shards.map((shard) => ({ shard: shard.index, providers: shard.providers.join(",") })) })}\n`);
  return 0;
}

export async function runShardCollect(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: SHARD_COLLECT_USAGE, options: { only: { type: "string" }, to: { type: "string" } } });
  if (typeof parsed === "number") return parsed;
  const { only, to } = parsed.values;
  if (!only || !to) return usageError("--only and --to are both needed", SHARD_COLLECT_USAGE);
  const ids = only.split(",").filter(Boolean);
  const known = discoverProviders(path.join(repoRoot, "specs"));
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) return usageError(`--only: no such provider ${unknown.join(", ")}`, SHARD_COLLECT_USAGE);
  const target = path.resolve(to, "generated");
  mkdirSync(target, { recursive: true });
  for (const id of ids) {
    const from = path.join(repoRoot, "generated", id);
    // A provider that failed in this shard and was never generated has nothing to hand on: the fan-in keeps the base's files.
    if (existsSync(from)) cpSync(from, path.join(target, id), { recursive: true });
  }
  cpSync(path.join(repoRoot, MATRIX_FILE), path.join(target, path.basename(MATRIX_FILE)));
  log(`collected ${ids.length} provider(s) into ${path.relative(process.cwd(), target) || target}`);
  return 0;
}

export async function runAssemble(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: ASSEMBLE_USAGE, options: {}, positionals: { min: 1, max: Number.MAX_SAFE_INTEGER } });
  if (typeof parsed === "number") return parsed;
  const known = discoverProviders(path.join(repoRoot, "specs"));
  const owner = new Map<string, string>();
  for (const dir of parsed.positionals) {
    const generated = path.resolve(dir, "generated");
    if (!existsSync(generated)) return usageError(`${dir}: no generated/ folder (the output of shard-collect)`, ASSEMBLE_USAGE);
    for (const entry of readdirSync(generated, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === RUNTIME_ID || entry.name === UMBRELLA_ID) continue;
      if (!known.includes(entry.name)) return usageError(`${dir}: generated/${entry.name} is not a provider under specs/`, ASSEMBLE_USAGE);
      const other = owner.get(entry.name);
      if (other !== undefined) return usageError(`${entry.name} comes from two shards: ${other} and ${dir}`, ASSEMBLE_USAGE);
      owner.set(entry.name, dir);
    }
  }
  const missing = known.filter((id) => !owner.has(id));
  if (missing.length > 0) log(`no shard generated ${missing.join(", ")}: their packages and matrix rows stay as they are`);
  const rowsIn = (file: string) => new Map(readPreviousRows(readIfExists(file)).map((row) => [row.id, row]));
  const base = rowsIn(path.join(repoRoot, MATRIX_FILE));
  // Each shard's matrix read once: its rows for the providers it generated are fresh.
  const shardRows = new Map(parsed.positionals.map((dir) => [dir, rowsIn(path.resolve(dir, MATRIX_FILE))]));
  const rows: MatrixRow[] = [];
  for (const id of known) {
    const dir = owner.get(id);
    const fresh = dir === undefined ? undefined : shardRows.get(dir)?.get(id);
    const row = fresh ?? base.get(id);
    if (row) rows.push(row);
    if (dir === undefined) continue;
    const into = path.join(repoRoot, "generated", id);
    rmSync(into, { recursive: true, force: true });
    cpSync(path.resolve(dir, "generated", id), into, { recursive: true });
  }
  const emitters = new InProcessEmitters();
  const shared = await generateShared(repoRoot, rows, { emitters, cacheDir: CACHE_DIR });
  const report = commitFiles(repoRoot, shared.files, shared.scope);
  log(`assembled ${owner.size} provider(s) from ${parsed.positionals.length} shard(s); wrote ${report.written.length}, removed ${report.removed.length}`);
  for (const [name, outcome] of [
    ["runtime", shared.runtime],
    ["umbrella", shared.umbrella],
  ] as const) {
    if (!outcome.ok) log(`✗ ${name}: ${outcome.error?.message}`);
  }
  return shared.runtime.ok && shared.umbrella.ok ? 0 : 1;
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}
