import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { discoverProviders } from "../load/discover.js";
import { listOwnedFiles } from "../write/generated-tree.js";

/**
 * What the last successful `npm run generate` saw: a hash of each provider's inputs and of the
 * files it wrote. When neither changed, the provider is skipped. Kept in node_modules/.cache (not
 * committed): a fresh clone regenerates once, then runs incrementally.
 */
export interface Stamp {
  generator: string;
  shared: string;
  providers: Record<string, ProviderStamp>;
  matrix: string;
  /** When the stamp was taken (ms since the epoch): a file changed no earlier than this is hashed whatever its stat says. */
  takenAt?: number;
}

export interface ProviderStamp {
  inputs: string;
  outputs: string;
  /** A hash of the names, sizes and mtimes of the files hashed (see currentStamp). */
  stats?: string;
}

/** Files every provider's output depends on, besides its own folder and the generator. */
const SHARED_INPUTS = ["redocly.yaml", "package.json", "package-lock.json", "specs/provider.schema.json"];
export const MATRIX_FILES = ["generated/conformance.json", "generated/CONFORMANCE.md", "generated/conformance.html"];
/** The shared runtime package: written by every run, so a hand edit there makes the next run a full one. */
const RUNTIME_DIR = "generated/runtime";

export function stampFile(repoRoot: string, cacheDir: string): string {
  const key = createHash("sha256").update(path.resolve(repoRoot)).digest("hex").slice(0, 16);
  return path.join(cacheDir, `stamp-${key}.json`);
}

export function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

/** Stamps of repositories not generated for a week (test scratch copies, mostly) are dropped. */
const STAMP_TTL_MS = 7 * 24 * 3_600_000;

export function writeStamp(file: string, stamp: Stamp): void {
  mkdirSync(path.dirname(file), { recursive: true });
  for (const entry of readdirSync(path.dirname(file))) {
    const other = path.join(path.dirname(file), entry);
    if (/^stamp-[0-9a-f]+\.json$/.test(entry) && Date.now() - statSync(other).mtimeMs > STAMP_TTL_MS) rmSync(other, { force: true });
  }
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, JSON.stringify(stamp));
  renameSync(staging, file);
}

/**
 * The stamp for the repository as it is on disk now. With the previous stamp, a provider whose
 * files all have the names, sizes and mtimes they had then keeps its hashes without its files
 * being read (a GitHub-sized provider is some 50 MB to hash), as git's index does; a file changed
 * within two seconds of the previous stamp is hashed all the same, since a same-size edit in the
 * same clock tick would keep its mtime.
 */
export function currentStamp(repoRoot: string, generator: string, previous?: Stamp): Stamp {
  const takenAt = Date.now();
  const shared = hashFiles(repoRoot, [...SHARED_INPUTS, ...filesUnder(repoRoot, "templates")]);
  const providers: Stamp["providers"] = {};
  for (const id of discoverProviders(path.join(repoRoot, "specs"))) {
    const inputs = filesUnder(repoRoot, `specs/${id}`);
    const outputs = listOwnedFiles(repoRoot, [`generated/${id}`]);
    const { signature, newest } = statSignature(repoRoot, [inputs, outputs]);
    const before = previous?.providers[id];
    const unchanged = before?.stats === signature && previous?.takenAt !== undefined && newest < previous.takenAt - RACY_MS;
    providers[id] = unchanged && before ? before : { inputs: hashFiles(repoRoot, inputs), outputs: hashFiles(repoRoot, outputs), stats: signature };
  }
  return { generator, shared, providers, matrix: hashFiles(repoRoot, [...MATRIX_FILES, ...filesUnder(repoRoot, RUNTIME_DIR)]), takenAt };
}

/** How long before a stamp a file's mtime must be for its stat to vouch for its content. */
const RACY_MS = 2000;

function statSignature(repoRoot: string, groups: readonly (readonly string[])[]): { signature: string; newest: number } {
  const hash = createHash("sha256");
  let newest = 0;
  for (const files of groups) {
    for (const file of files) {
      const stats = statSync(path.join(repoRoot, file), { throwIfNoEntry: false });
      newest = Math.max(newest, stats?.mtimeMs ?? 0);
      hash.update(`${file}\0${stats?.size ?? -1}\0${stats?.mtimeMs ?? -1}\0`);
    }
    hash.update("\0\0");
  }
  return { signature: hash.digest("hex"), newest };
}

/**
 * Providers to generate again: all of them when the generator, a shared input or the matrix
 * changed; otherwise those whose inputs or outputs differ from the stamp, and new ones.
 */
export function staleProviders(previous: Stamp | undefined, now: Stamp): string[] {
  const ids = Object.keys(now.providers);
  if (!previous || previous.generator !== now.generator || previous.shared !== now.shared || previous.matrix !== now.matrix) return ids;
  if (Object.keys(previous.providers).some((id) => !(id in now.providers))) return ids;
  return ids.filter((id) => {
    const before = previous.providers[id];
    const after = now.providers[id];
    return !before || before.inputs !== after?.inputs || before.outputs !== after?.outputs;
  });
}

function filesUnder(repoRoot: string, dir: string): string[] {
  const absolute = path.join(repoRoot, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

function hashFiles(repoRoot: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    const full = path.join(repoRoot, file);
    hash
      .update(file)
      .update("\0")
      .update(existsSync(full) ? readFileSync(full) : "(missing)")
      .update("\0");
  }
  return hash.digest("hex");
}
