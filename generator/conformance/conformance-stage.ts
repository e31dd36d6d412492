import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { LintFinding } from "../lint/lint-and-bundle.js";
import type { ApiModel } from "../model/types.js";
import { mapLimited } from "../shared/map-limited.js";
import { evaluateConformance } from "./evaluate.js";
import { assertRequestAccepted, LIVE_CHECKS } from "./live/live-checks.js";
import { liveKey, runLiveChecks } from "./live/run-live.js";
import { buildMatrix, type MatrixDocument, type MatrixRow, readPreviousRows } from "./matrix.js";
import { type CheckResult, notApplicable } from "./types.js";

export const MATRIX_FILE = "generated/conformance.json";
/** At most this many mock servers at once: each is a Node process of its own. */
const LIVE_CONCURRENCY = 3;

export interface ProviderConformanceInput {
  model: ApiModel;
  findings: readonly LintFinding[];
  bundled: Record<string, unknown>;
  packageFiles: Record<string, string>;
  runtimeFiles: Record<string, string>;
  /** JSON pointers of what agentstop's overlay added or changed (applyOverlay); cells that read them say so. */
  overlaid?: readonly string[];
}

export interface ConformanceOptions {
  /** Run the live checks when a provider's live inputs changed (default). Off: its live cells say so. */
  live: boolean;
  /** Every provider under specs/; rows of the others (with --only) are kept from the previous matrix. */
  allProviders: readonly string[];
}

/**
 * The matrix for this run. Static cells are decided again every time (they are cheap and pure).
 * Live cells are reused from the committed conformance.json while their key (spec, client, mock
 * server, checks) is unchanged, so a run with nothing changed starts no server and stays
 * reproducible; `npm test` runs them all again and compares.
 */
export async function buildConformance(
  repoRoot: string,
  inputs: readonly ProviderConformanceInput[],
  options: ConformanceOptions,
): Promise<ConformanceOutcome> {
  const matrixPath = path.join(repoRoot, MATRIX_FILE);
  const previous = new Map(readPreviousRows(existsSync(matrixPath) ? readFileSync(matrixPath, "utf8") : undefined).map((row) => [row.id, row]));
  const workDir = liveWorkDir();
  const failures = new Map<string, Error>();
  const rows = await mapLimited(inputs, LIVE_CONCURRENCY, async (input): Promise<MatrixRow[]> => {
    const id = input.model.provider.id;
    let live: Pick<MatrixRow, "live" | "cells">;
    try {
      live = await liveCells(input, previous.get(id), options.live, workDir);
    } catch (error) {
      // A live stage that cannot run (a mock server that does not start, a client that throws) fails this provider only.
      failures.set(id, new Error(`live checks failed: ${error instanceof Error ? error.message : String(error)}`));
      return [];
    }
    const { provider, displayName, cells } = evaluateConformance(input.model, input.findings, input.overlaid ?? []);
    return [{ id: provider, displayName, package: input.model.provider.packageName, live: live.live, cells: { ...cells, ...live.cells } }];
  });
  const fresh = new Set(rows.flat().map((row) => row.id));
  // Providers not run now (--only) or failed keep the row the committed matrix has for them.
  const kept = options.allProviders.filter((id) => !fresh.has(id)).flatMap((id) => previous.get(id) ?? []);
  return { matrix: buildMatrix([...rows.flat(), ...kept]), failures };
}

export interface ConformanceOutcome {
  matrix: MatrixDocument;
  /** Providers whose live checks could not run, with the reason. */
  failures: Map<string, Error>;
}

/**
 * A scratch folder inside the node_modules that holds openapi-fetch, so the transpiled client can
 * import it; with --root pointing elsewhere, that is still the generator's own install.
 */
function liveWorkDir(): string {
  const entry = createRequire(import.meta.url).resolve("openapi-fetch");
  const nodeModules = entry.slice(0, entry.lastIndexOf(`${path.sep}node_modules${path.sep}`) + `${path.sep}node_modules`.length);
  return path.join(nodeModules, ".cache", "agentstop", "live");
}

async function liveCells(
  input: ProviderConformanceInput,
  previous: MatrixRow | undefined,
  run: boolean,
  workDir: string,
): Promise<Pick<MatrixRow, "live" | "cells">> {
  const key = liveKey(input);
  const reusable = previous?.live?.key === key ? LIVE_CHECKS.map((check) => [check.id, previous.cells[check.id]] as const) : [];
  if (previous?.live && reusable.length > 0 && reusable.every(([, cell]) => cell !== undefined)) {
    return { live: previous.live, cells: Object.fromEntries(reusable) as Record<string, CheckResult> };
  }
  if (run) {
    const result = await runLiveChecks(input, key, workDir);
    // A request the mock server rejects is the generator's failure, not a cell against the provider.
    assertRequestAccepted(input.model.provider.id, result.cells["live-request-accepted"]);
    return { live: { key: result.key, server: result.server }, cells: result.cells };
  }
  const skipped = notApplicable("not run", "Live checks were skipped (--no-live) and the spec or client changed since they last ran.");
  return { live: null, cells: Object.fromEntries(LIVE_CHECKS.map((check) => [check.id, skipped])) };
}
