import { statSync } from "node:fs";
import path from "node:path";

/**
 * From this spec size up, emit runs on the main thread, after lint, rather than on the worker
 * beside it. The worker's heap holds its own copy of the bundled spec and the TypeScript it loads:
 * on GitHub's 13 MB spec that is some 400 MiB more at the peak (1.24 GB against 0.84 GB, the
 * partner's own figure) for about 2 s less wall time. Small specs keep the worker, whose head start
 * is most of a small run.
 */
export const LARGE_SPEC_BYTES = 8 * 2 ** 20;

/** Whether the emit worker pays for itself: no spec of the run is large (AGENTSTOP_EMIT_THREAD=0|1 decides instead). */
export function emitOnWorker(specBytes: readonly number[], setting = process.env.AGENTSTOP_EMIT_THREAD): boolean {
  if (setting === "0") return false;
  if (setting === "1") return true;
  return specBytes.every((bytes) => bytes < LARGE_SPEC_BYTES);
}

/** The size of each provider's root spec (openapi.yaml or openapi.json); 0 when there is none yet. */
export function specSizes(repoRoot: string, ids: readonly string[]): number[] {
  return ids.map((id) =>
    Math.max(0, ...["openapi.yaml", "openapi.json"].map((name) => statSync(path.join(repoRoot, "specs", id, name), { throwIfNoEntry: false })?.size ?? 0)),
  );
}
