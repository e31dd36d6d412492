import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type MatrixDocument, readPreviousRows } from "../conformance/matrix.js";
import { diffSpecs } from "../diff/spec-diff.js";
import { discoverProviders } from "../load/discover.js";
import { type ProviderComparison, renderPrBody } from "../release/pr-body.js";
import { BUNDLED_SPEC_FILE } from "../release/previous-release.js";
import { parseCommand, usageError } from "./args.js";
import type { SyncOutcome } from "./sync-command.js";

export const PR_BODY_USAGE = `usage: npm run agentstop -- pr-body [--base <git-ref>] [--sync-report <file>]
  Prints the spec-update pull request's body (Markdown) to stdout: for each provider whose
  generated package differs from <base> (default HEAD): the version bump, the breaking and other
  spec changes, and the conformance cells that changed. --sync-report adds the providers that
  npm run sync could not update (its --report file).`;

/** Compares generated/ in the working tree with the same files at a git ref. */
export async function runPrBody(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: PR_BODY_USAGE, options: { base: { type: "string" }, "sync-report": { type: "string" } } });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const base = values.base ?? "HEAD";
  // A ref git does not know would make every provider look new: refuse it instead.
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${base}^{commit}`], { cwd: repoRoot, stdio: "ignore" });
  } catch {
    return usageError(`--base ${base}: not a commit in this repository`, PR_BODY_USAGE);
  }
  const atBase = (file: string) => gitShow(repoRoot, base, file);
  const here = (file: string) => (existsSync(path.join(repoRoot, file)) ? readFileSync(path.join(repoRoot, file), "utf8") : undefined);
  const matrixNow = JSON.parse(here("generated/conformance.json") ?? "{}") as Partial<MatrixDocument>;
  const rowsBefore = new Map(readPreviousRows(atBase("generated/conformance.json")).map((row) => [row.id, row]));
  const rowsNow = new Map((matrixNow.providers ?? []).map((row) => [row.id, row]));

  const providers: ProviderComparison[] = discoverProviders(path.join(repoRoot, "specs")).map((id) => {
    const version = (text: string | undefined) => (text ? (JSON.parse(text) as { version?: string }).version : undefined);
    const specBefore = atBase(`generated/${id}/${BUNDLED_SPEC_FILE}`);
    const specNow = here(`generated/${id}/${BUNDLED_SPEC_FILE}`);
    const comparison: ProviderComparison = {
      id,
      displayName: rowsNow.get(id)?.displayName ?? id,
      changes: specBefore && specNow ? diffSpecs(JSON.parse(specBefore), JSON.parse(specNow)) : undefined,
    };
    const before = version(atBase(`generated/${id}/package.json`));
    const after = version(here(`generated/${id}/package.json`));
    if (before) comparison.versionBefore = before;
    if (after) comparison.versionAfter = after;
    const rowBefore = rowsBefore.get(id);
    const rowAfter = rowsNow.get(id);
    if (rowBefore) comparison.rowBefore = rowBefore;
    if (rowAfter) comparison.rowAfter = rowAfter;
    return comparison;
  });
  const report = values["sync-report"] ? (JSON.parse(readFileSync(path.resolve(values["sync-report"]), "utf8")) as SyncOutcome[]) : [];
  const failures = report.filter((outcome) => outcome.status === "failed").map((outcome) => ({ id: outcome.id, reason: outcome.reason ?? "failed" }));
  process.stdout.write(renderPrBody({ providers, checks: matrixNow.checks ?? [], failures }));
  return 0;
}

function gitShow(repoRoot: string, ref: string, file: string): string | undefined {
  try {
    return execFileSync("git", ["show", `${ref}:${file}`], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}
