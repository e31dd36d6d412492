import path from "node:path";
import { parseCommand } from "./commands/args.js";
import { progressLine, REPORTERS, renderReport } from "./commands/reporters.js";
import { EmitThread } from "./emit/thread/emit-thread.js";
import { type HeavyEmitters, InProcessEmitters } from "./emit/thread/in-process.js";
import { emitOnWorker, specSizes } from "./emit/thread/placement.js";
import type { GenerateResult, ProviderResult } from "./pipeline.js";
import { CACHE_DIR } from "./startup/code-cache.mjs";

const log = (line = "") => process.stderr.write(`${line}\n`);

const USAGE = `usage: npm run generate [-- --check] [-- --only <provider,…>] [-- --no-live] [-- --root <dir>]
       npm run agentstop -- import <url-or-file> --provider <id>     (see: npm run agentstop -- import)
       npm run sync                                                  (fetch every upstream, import, regenerate)
       npm run agentstop -- pr-body [--base <git-ref>]              (the spec-update pull request's body)
       npm run agentstop -- check-versions [--base <git-ref>]       (fail when published files changed but a version did not)
       npm run agentstop -- shard-plan | shard-collect | assemble   (a run split over CI jobs: .github/workflows/generate-sharded.yml)
  --check          write nothing; list stale, missing and extra files; exit 1 if any
  --only <ids>     generate these providers only (folders under specs/, comma-separated)
  --no-live        never start the mock server: live conformance cells whose inputs changed say "not run"
  --force          regenerate every provider even if nothing changed since the last run
  --watch          regenerate the affected provider whenever a file under specs/ or templates/, or
                   redocly.yaml, is saved (Ctrl-C stops)
  --reporter <r>   human (default: the summary on stderr), json (one document on stdout) or github
                   (workflow annotations on stdout, with file and line)
  --root <dir>     the repository to work on (default: the one holding this generator)`;

/** Other commands, loaded only when asked for so generate's start-up stays lean. */
const COMMANDS: Record<string, () => Promise<(argv: string[], repoRoot: string) => Promise<number>>> = {
  import: async () => (await import("./commands/import-command.js")).runImport,
  sync: async () => (await import("./commands/sync-command.js")).runSync,
  "pr-body": async () => (await import("./commands/pr-body-command.js")).runPrBody,
  "check-versions": async () => (await import("./commands/check-versions-command.js")).runCheckVersions,
  "shard-plan": async () => (await import("./commands/shard-command.js")).runShardPlan,
  "shard-collect": async () => (await import("./commands/shard-command.js")).runShardCollect,
  assemble: async () => (await import("./commands/shard-command.js")).runAssemble,
};

/**
 * `generate` (the default), `import`, `sync` and `pr-body`. Exit codes: 0 done or up to date,
 * 1 failure or drift, 2 bad usage.
 */
export async function runCli(argv: string[], repoRoot: string, launch: LaunchInfo = {}): Promise<number> {
  try {
    return await dispatch(argv, repoRoot, launch);
  } catch (error) {
    // Whatever escapes a command is reported as one message, never as a stack trace.
    log(`agentstop: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function dispatch(argv: string[], repoRoot: string, launch: LaunchInfo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "generate") return dispatch(rest, repoRoot, launch);
  const load = command === undefined ? undefined : COMMANDS[command];
  if (load) {
    const { root, args } = takeRoot(rest);
    return (await load())(args, root ? path.resolve(root) : repoRoot);
  }
  return runGenerate(argv, repoRoot, launch);
}

/** `--root <dir>` works for every command (tests point commands at a scratch repository). */
function takeRoot(argv: string[]): { root: string | undefined; args: string[] } {
  const index = argv.indexOf("--root");
  if (index < 0) return { root: undefined, args: argv };
  return { root: argv[index + 1], args: [...argv.slice(0, index), ...argv.slice(index + 2)] };
}

export interface LaunchInfo {
  /** Names the transpiled generator (bin.mjs); set only then, and the incremental skip needs it. */
  generatorHash?: string;
}

type GenerateFlags = { check?: boolean; only?: string; "no-live"?: boolean; force?: boolean; watch?: boolean; reporter?: string };

/** Progress lines appear when a run generates more providers than this. */
const PROGRESS_FROM = 6;

async function runGenerate(argv: string[], repoRoot: string, launch: LaunchInfo): Promise<number> {
  const args = parseCommand(argv, { usage: USAGE, options: GENERATE_OPTIONS });
  if (typeof args === "number") return args;
  const started = performance.now();
  const root = args.values.root ? path.resolve(args.values.root) : repoRoot;
  if (args.values.reporter !== undefined && !(REPORTERS as readonly string[]).includes(args.values.reporter)) {
    log(`--reporter ${args.values.reporter}: use one of ${REPORTERS.join(", ")}\n${USAGE}`);
    return 2;
  }
  const { discoverProviders } = await import("./load/discover.js");
  const onlyIds = args.values.only?.split(",").filter(Boolean);
  if (onlyIds !== undefined) {
    const known = discoverProviders(path.join(root, "specs"));
    const unknown = onlyIds.filter((id) => !known.includes(id));
    if (onlyIds.length === 0 || unknown.length > 0) {
      log(`--only ${unknown.join(",") || args.values.only}: no such provider (known: ${known.join(", ")})\n${USAGE}`);
      return 2;
    }
  }
  if (args.values.watch) {
    const { watchAndGenerate } = await import("./watch/watch.js");
    return watchAndGenerate(root, { live: !args.values["no-live"] });
  }
  // Incremental: skip providers whose inputs and outputs match the last run. Only the light stamp
  // module is loaded here, so a run with nothing to do never starts the emit worker.
  let only: string[] | undefined = onlyIds;
  const stamps = launch.generatorHash && !args.values.check && !args.values.only && !args.values.force ? await import("./incremental/stamp.js") : undefined;
  let stampFile: string | undefined;
  if (stamps && launch.generatorHash) {
    stampFile = stamps.stampFile(root, CACHE_DIR);
    const previous = stamps.readStamp(stampFile);
    const now = stamps.currentStamp(root, launch.generatorHash, previous);
    const stale = stamps.staleProviders(previous, now);
    const all = Object.keys(now.providers);
    if (stale.length === 0) {
      // Hashed and found unchanged: the new stamp's file stats now vouch for them, so the next run reads less.
      if (Object.entries(now.providers).some(([id, entry]) => entry !== previous?.providers[id])) stamps.writeStamp(stampFile, now);
      log(
        `generated/ is up to date: ${all.length} providers unchanged since the last run (--force regenerates all) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
      );
      return 0;
    }
    if (stale.length < all.length) {
      log(`${all.length - stale.length} unchanged provider(s) skipped; regenerating ${stale.join(", ")}`);
      only = stale;
    }
  }
  // Start the emit worker before importing the rest: it loads openapi-typescript and ts-morph (two
  // TypeScript compilers) while this thread loads Redocly and lints, side by side on two cores.
  // A run with a spec of 8 MiB or more emits on this thread instead (see placement.ts: memory).
  const sizes = specSizes(root, only ?? discoverProviders(path.join(root, "specs")));
  const emitters = emitOnWorker(sizes) ? new EmitThread() : new InProcessEmitters();
  try {
    const status = await run(root, { ...args.values, only }, started, emitters);
    if (status === 0 && stamps && stampFile && launch.generatorHash) stamps.writeStamp(stampFile, stamps.currentStamp(root, launch.generatorHash));
    return status;
  } finally {
    await emitters.close();
  }
}

async function run(
  repoRoot: string,
  options: Omit<GenerateFlags, "only"> & { only: string[] | undefined },
  started: number,
  emitters: HeavyEmitters,
): Promise<number> {
  const [{ generate }, { commitFiles }, { diffTree }] = await Promise.all([
    import("./pipeline.js"),
    import("./write/commit-files.js"),
    import("./write/generated-tree.js"),
  ]);
  const result = await generate(repoRoot, {
    ...(options.only ? { only: options.only } : {}),
    emitters,
    live: !options["no-live"],
    cacheDir: CACHE_DIR,
    onProvider: (provider, done, total) => {
      if (total >= PROGRESS_FROM) log(progressLine(done, total, provider));
    },
  });
  const finish = (code: number) => {
    if (options.reporter === "json" || options.reporter === "github") process.stdout.write(renderReport(options.reporter, result, code));
    return code;
  };
  printSummary(result.providers);
  log(`${result.runtime.ok ? "✓" : "✗"} runtime (@agentstop/runtime) ${runtimeVersionText(result.runtime)}`);
  log(`${result.umbrella.ok ? "✓" : "✗"} umbrella (agentstop) ${runtimeVersionText(result.umbrella)}`);
  log(`compile gate: ${result.gateMs > 0 ? `${(result.gateMs / 1000).toFixed(2)} s` : "every package unchanged since it last compiled"}`);
  const failed = result.providers.filter((provider) => !provider.ok);
  if (!result.runtime.ok) log(`\n✗ runtime: ${result.runtime.error?.message}`);
  if (!result.umbrella.ok) log(`\n✗ umbrella: ${result.umbrella.error?.message}`);
  for (const provider of failed) log(`\n✗ ${provider.id}: ${provider.error?.message}`);
  if (failed.length > 0) log(`\n${failed.length} provider(s) failed; their files in generated/ were left as they were.`);
  if (options.check) {
    const diff = diffTree(repoRoot, result.files, result.scope);
    const lines = [...diff.stale.map((f) => `stale    ${f}`), ...diff.missing.map((f) => `missing  ${f}`), ...diff.extra.map((f) => `extra    ${f}`)];
    for (const line of lines) log(line);
    log(lines.length === 0 ? `generated/ is up to date (${result.files.size} files)` : `${lines.length} file(s) out of date: run npm run generate`);
    return finish(lines.length === 0 && failed.length === 0 && result.umbrella.ok ? 0 : 1);
  }
  const report = commitFiles(repoRoot, result.files, result.scope);
  log(
    `\nwrote ${report.written.length}, removed ${report.removed.length}, unchanged ${report.unchanged} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
  return finish(failed.length === 0 && result.umbrella.ok ? 0 : 1);
}

const GENERATE_OPTIONS = {
  check: { type: "boolean" },
  only: { type: "string" },
  "no-live": { type: "boolean" },
  reporter: { type: "string" },
  force: { type: "boolean" },
  watch: { type: "boolean" },
  root: { type: "string" },
} as const;

function runtimeVersionText(runtime: GenerateResult["runtime"]): string {
  const release = runtime.release;
  return release?.level && release.previousVersion ? `${release.previousVersion} → ${release.version} (${release.level})` : runtime.version;
}

/** `0.1.0`, or `0.1.0 → 1.0.0 (major: 1 change)` when the spec diff bumps it. */
function versionText({ release }: ProviderResult): string {
  if (!release) return "";
  if (!release.level || release.previousVersion === undefined) return release.version;
  const spec = release.changes.length > 0 ? `${release.changes.length} spec change${release.changes.length === 1 ? "" : "s"}` : "";
  const bytes = release.entry?.sections.some((section) => section.title === "Regenerated") ? "published files changed" : "";
  return `${release.previousVersion} → ${release.version} (${release.level}: ${[spec, bytes].filter(Boolean).join("; ")})`;
}

function printSummary(providers: ProviderResult[]): void {
  log("provider        ops  lint errors  warnings  files      time  version");
  for (const p of providers) {
    const errors = p.findings.filter((f) => f.severity === "error").length;
    const warnings = p.findings.filter((f) => f.severity === "warn").length;
    log(
      `${p.ok ? "✓" : "✗"} ${p.id.padEnd(14)}${String(p.operations).padStart(3)}  ${String(errors).padStart(11)}  ${String(warnings).padStart(8)}  ${String(p.files).padStart(5)}  ${p.ms.toFixed(0).padStart(6)} ms  ${versionText(p)}`.trimEnd(),
    );
    for (const f of p.findings) log(`    ${f.severity} ${f.ruleId}: ${f.file}${f.line ? `:${f.line}` : ""} ${f.message}`);
  }
}
