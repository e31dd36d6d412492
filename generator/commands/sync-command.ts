import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InProcessEmitters } from "../emit/thread/in-process.js";
import { fetchSource, SOURCE_LIMITS } from "../import/fetch-source.js";
import { importProvider } from "../import/import-provider.js";
import { discoverProviders } from "../load/discover.js";
import { validateManifest } from "../load/manifest.js";
import { parseYamlSafe } from "../load/safe-yaml.js";
import { generate, type ProviderResult } from "../pipeline.js";
import { mapLimited } from "../shared/map-limited.js";
import { createWorkFolder, untrackWorkFolder } from "../shared/work-folders.js";
import { commitFiles } from "../write/commit-files.js";
import { parseCommand, usageError } from "./args.js";

const log = (line = "") => process.stderr.write(`${line}\n`);
const FETCH_CONCURRENCY = 4;

export interface SyncOutcome {
  id: string;
  status: "unchanged" | "updated" | "failed";
  /** For `updated`: the spec files the import changed. */
  files?: string[];
  reason?: string;
}

/**
 * `npm run sync`: fetch every provider's upstream source (provider.yaml), import it, leave
 * overlays alone, and regenerate. A provider whose fetch, import or generation fails keeps its
 * spec as it was and is reported; the others still sync. Exit 1 when any provider failed.
 */
export const SYNC_USAGE = `usage: npm run sync [-- --only <provider>] [-- --report <file>]
  Fetches every provider's upstream (provider.yaml: upstream.url; redirects only to the same origin
  or upstream.redirectHosts), imports it, leaves overlays alone and regenerates. A provider whose
  fetch, import or generation fails keeps its spec and is reported; the others still sync.
  --only <id>      sync one provider
  --report <file>  write the outcomes as JSON (for pr-body --sync-report)
  Exit: 0 all synced, 1 some failed, 2 bad usage.`;

export async function runSync(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: SYNC_USAGE, options: { only: { type: "string" }, report: { type: "string" } } });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const known = discoverProviders(path.join(repoRoot, "specs"));
  if (values.only !== undefined && !known.includes(values.only))
    return usageError(`--only ${values.only}: no such provider (known: ${known.join(", ")})`, SYNC_USAGE);
  const ids = known.filter((id) => !values.only || id === values.only);
  const outcomes = await syncProviders(repoRoot, ids);
  for (const outcome of outcomes) {
    log(
      `${outcome.status === "failed" ? "✗" : outcome.status === "updated" ? "↻" : "✓"} ${outcome.id.padEnd(14)} ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ""}`,
    );
  }
  // The pull-request body lists the providers that could not be synced (pr-body --sync-report).
  if (values.report) writeFileSync(path.resolve(values.report), `${JSON.stringify(outcomes, null, 2)}\n`);
  const failed = outcomes.filter((outcome) => outcome.status === "failed").length;
  log(
    `\nsync: ${outcomes.filter((o) => o.status === "updated").length} updated, ${outcomes.filter((o) => o.status === "unchanged").length} unchanged, ${failed} failed`,
  );
  return failed > 0 ? 1 : 0;
}

/**
 * Fetch and import every provider in memory, then stage: a copy of the repository's inputs and
 * outputs in a scratch folder receives the new specs and is regenerated there (a provider whose new
 * spec does not generate gets its old one back, in the copy). Only then are the real specs/ and
 * generated/ changed, in one two-phase write. A run killed at any earlier point leaves them exactly
 * as they were. `AGENTSTOP_SYNC_STAGES=1` prints each stage (tests kill the run on these lines).
 */
export async function syncProviders(repoRoot: string, ids: readonly string[]): Promise<SyncOutcome[]> {
  const imported = await mapLimited(ids, FETCH_CONCURRENCY, (id) => fetchAndImport(repoRoot, id));
  stage("fetched");
  const outcomes = new Map<string, SyncOutcome>();
  const before = new Map<string, string | undefined>();
  const staging = stageRepository(repoRoot);
  try {
    for (const result of imported) {
      if ("reason" in result) {
        outcomes.set(result.id, { id: result.id, status: "failed", reason: result.reason });
        continue;
      }
      const changed = Object.entries(result.files).filter(([file, content]) => readIfExists(repoRoot, file) !== content);
      for (const [file] of changed) before.set(file, readIfExists(repoRoot, file));
      if (changed.length > 0)
        commitFiles(
          staging,
          new Map(changed),
          changed.map(([file]) => file),
        );
      outcomes.set(
        result.id,
        changed.length > 0 ? { id: result.id, status: "updated", files: changed.map(([file]) => file) } : { id: result.id, status: "unchanged" },
      );
    }
    stage("staged");

    // Regenerate the copy; a provider that no longer generates gets its old spec back, then again.
    let generated: Awaited<ReturnType<typeof generate>> | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const emitters = new InProcessEmitters();
      const result = await generate(staging, { emitters }).finally(() => emitters.close());
      const broken = result.providers.filter((provider) => !provider.ok);
      if (broken.length === 0) {
        generated = result;
        break;
      }
      const revertible = broken.filter((provider) => outcomes.get(provider.id)?.status === "updated");
      if (revertible.length === 0 || attempt === 1) {
        for (const provider of broken) outcomes.set(provider.id, { id: provider.id, status: "failed", reason: `generate failed: ${describe(provider)}` });
        generated = result;
        break;
      }
      for (const provider of revertible) {
        const files = outcomes.get(provider.id)?.files ?? [];
        restore(staging, files, before);
        outcomes.set(provider.id, { id: provider.id, status: "failed", reason: `the new spec does not generate (kept the old one): ${describe(provider)}` });
      }
    }
    stage("generated");

    // The swap: the updated specs and everything generate wrote, in one two-phase write.
    const specs = [...outcomes.values()].filter((outcome) => outcome.status === "updated").flatMap((outcome) => outcome.files ?? []);
    const wanted = new Map<string, string>([
      ...specs.map((file) => [file, readFileSync(path.join(staging, file), "utf8")] as const),
      ...(generated?.files ?? []),
    ]);
    commitFiles(repoRoot, wanted, [...specs, ...(generated?.scope ?? [])]);
    stage("swapped");
  } finally {
    rmSync(staging, { recursive: true, force: true });
    untrackWorkFolder(staging);
  }
  return ids.map((id) => outcomes.get(id) ?? { id, status: "failed", reason: "not synced" });
}

/** What generate reads and writes, copied into a scratch folder inside the repository (same disk; ignored by git). */
function stageRepository(repoRoot: string): string {
  // Copies left by a sync that was killed are dead weight: nothing reads them.
  for (const entry of readdirSync(repoRoot)) if (entry.startsWith(".agentstop-sync-")) rmSync(path.join(repoRoot, entry), { recursive: true, force: true });
  const staging = createWorkFolder(() => mkdtempSync(path.join(repoRoot, ".agentstop-sync-")));
  for (const entry of ["specs", "templates", "generated", "redocly.yaml", "package.json"]) {
    if (existsSync(path.join(repoRoot, entry))) cpSync(path.join(repoRoot, entry), path.join(staging, entry), { recursive: true });
  }
  return staging;
}

function stage(name: string): void {
  if (process.env.AGENTSTOP_SYNC_STAGES === "1") log(`sync stage: ${name}`);
}

async function fetchAndImport(repoRoot: string, id: string): Promise<{ id: string; files: Record<string, string> } | { id: string; reason: string }> {
  try {
    const file = `specs/${id}/provider.yaml`;
    const manifest = validateManifest(
      parseYamlSafe(readFileSync(path.join(repoRoot, file), "utf8"), file),
      file,
      id,
      path.join(repoRoot, "specs", "provider.schema.json"),
    );
    // A provider imported from a local file has no upstream to fetch: nothing to sync.
    if (!manifest.upstream?.url) return { id, files: {} };
    const source = await fetchSource(manifest.upstream.url, repoRoot, {
      ...SOURCE_LIMITS,
      maxBytes: manifest.limits?.maxSpecBytes ?? SOURCE_LIMITS.maxBytes,
      redirectHosts: manifest.upstream.redirectHosts ?? [],
    });
    const result = importProvider({ repoRoot, id, source, origin: manifest.upstream.url, format: manifest.upstream.format });
    return { id, files: result.files };
  } catch (error) {
    return { id, reason: error instanceof Error ? error.message : String(error) };
  }
}

function describe(provider: ProviderResult): string {
  return provider.error?.message.split("\n")[0] ?? "unknown error";
}

function readIfExists(repoRoot: string, file: string): string | undefined {
  const full = path.join(repoRoot, file);
  return existsSync(full) ? readFileSync(full, "utf8") : undefined;
}

function restore(repoRoot: string, files: readonly string[], before: ReadonlyMap<string, string | undefined>): void {
  const back = new Map(files.flatMap((file) => (before.get(file) === undefined ? [] : [[file, before.get(file) as string] as const])));
  commitFiles(repoRoot, back, files);
}
