/**
 * `node --import tsx scripts/release.ts [options]`: publishes every package under generated/ whose
 * version the registry does not have yet, dependencies first, and says what it did per package.
 *
 *   --registry <url>     the registry to ask and publish to (default https://registry.npmjs.org/)
 *   --root <dir>         the repository whose generated/*\/package.json are released (default: this one)
 *   --dry-run            ask the registry and pack, publish nothing: print the plan
 *   --provenance         pass --provenance to npm publish (CI only: it needs an OIDC token)
 *   --json               the summary as JSON on stdout (the per-package lines go to stderr)
 *   --tag-prefix <text>  put before each git tag name, `<prefix>@agentstop/<id>@<version>` (default none)
 *   --notes-dir <dir>    write each package's CHANGELOG entry for its version to <dir>/<id>.md
 *
 * Idempotent and resumable: a version the registry has is never published again, so a rerun after
 * a partial failure publishes only what is missing. A version the registry has with different
 * contents (its dist.integrity against the local `npm pack`) fails loudly: the contents changed
 * but the version did not. A package that fails stops the packages that depend on it, not the
 * others. Exit 1 when any package failed or was held back, 2 on bad usage.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const run = promisify(execFile);

export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";
/** Published first when present: every provider package depends on it. */
export const RUNTIME_PACKAGE = "@agentstop/runtime";

type Json = Record<string, any>;

export interface LocalPackage {
  /** The folder name under generated/. */
  id: string;
  /** Absolute path of the package folder. */
  dir: string;
  name: string;
  version: string;
  manifest: Json;
  /** Names of the other local packages this one depends on (dependencies, peer, optional). */
  localDependencies: string[];
}

/** Every `<root>/generated/<id>/package.json`, sorted by id: never a list kept anywhere. */
export function discoverPackages(root: string): LocalPackage[] {
  const generated = path.join(root, "generated");
  const found = readdirSync(generated, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(generated, entry.name, "package.json")))
    .map((entry) => entry.name)
    .sort();
  const packages = found.map((id) => {
    const dir = path.join(generated, id);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Json;
    return { id, dir, name: String(manifest.name ?? ""), version: String(manifest.version ?? ""), manifest, localDependencies: [] as string[] };
  });
  const names = new Set(packages.map((pkg) => pkg.name));
  for (const pkg of packages) {
    const declared = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) => Object.keys((pkg.manifest[field] ?? {}) as Json));
    pkg.localDependencies = [...new Set(declared)].filter((name) => names.has(name) && name !== pkg.name).sort();
  }
  return packages;
}

/**
 * Dependencies before dependents (Kahn's algorithm); among packages that are ready together,
 * `@agentstop/runtime` first, then by name. Packages on a dependency cycle cannot be ordered and
 * come back in `cyclic`.
 */
export function releaseOrder<T extends Pick<LocalPackage, "name" | "localDependencies">>(packages: readonly T[]): { ordered: T[]; cyclic: T[] } {
  const rank = (pkg: T) => (pkg.name === RUNTIME_PACKAGE ? "" : pkg.name);
  const waiting = new Map(packages.map((pkg) => [pkg, new Set(pkg.localDependencies)]));
  const ordered: T[] = [];
  const done = new Set<string>();
  for (let guard = 0; guard <= packages.length && waiting.size > 0; guard++) {
    const ready = [...waiting].filter(([, deps]) => [...deps].every((dep) => done.has(dep))).map(([pkg]) => pkg);
    if (ready.length === 0) break;
    const next = ready.sort((a, b) => rank(a).localeCompare(rank(b)))[0] as T;
    ordered.push(next);
    done.add(next.name);
    waiting.delete(next);
  }
  return { ordered, cyclic: [...waiting.keys()] };
}

/** The `## <version>` section of a CHANGELOG, without its heading; undefined when there is none. */
export function changelogEntry(changelog: string, version: string): string | undefined {
  const lines = changelog.split(/\r?\n/);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const start = lines.findIndex((line) => new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`).test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^#{1,2}\s/.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
  return body === "" ? undefined : body;
}

/** What `npm pack --dry-run --json` says the tarball would be. */
export interface PackInfo {
  integrity: string;
  shasum: string;
  files: string[];
}

/** A version as the registry holds it; `unpublished` when it was published once and removed (npm never reuses it). */
export type RegistryVersion = { state: "present"; integrity?: string; shasum?: string } | { state: "absent" } | { state: "unpublished" };

export interface ReleaseIO {
  pack(pkg: LocalPackage): Promise<PackInfo>;
  /** Throws when the registry cannot say (network, 5xx): the package then fails rather than being published blindly. */
  lookup(pkg: LocalPackage): Promise<RegistryVersion>;
  /** Throws with npm's reason. */
  publish(pkg: LocalPackage): Promise<void>;
}

/** `held`: not published because a package it depends on failed or was held. `private`: never published. */
export type Status = "published" | "exists" | "planned" | "failed" | "held" | "private";

export interface Outcome {
  id: string;
  name: string;
  version: string;
  /** Relative to the root, `generated/<id>`. */
  dir: string;
  /** The git tag for this version: `<prefix><name>@<version>`. */
  tag: string;
  status: Status;
  reason?: string;
  integrity?: string;
  /** The CHANGELOG entry for this version (or a one-line stand-in when it has none). */
  notes?: string;
  notesFile?: string;
}

export interface ReleaseOptions {
  root: string;
  dryRun?: boolean;
  tagPrefix?: string;
  /** Set when publishing with --provenance: npm then checks repository.url against the workflow's repository. */
  provenanceRepository?: string | true;
  /** Calls with each outcome as soon as it is known, in release order. */
  onOutcome?: (outcome: Outcome) => void;
  concurrency?: number;
}

export const STATUS_TEXT: Readonly<Record<Status, string>> = {
  published: "published",
  exists: "already on the registry",
  planned: "would publish (dry run)",
  failed: "failed",
  held: "not published",
  private: "not published: private in its package.json",
};

/** One line per package, as the script prints it. */
export const outcomeLine = (outcome: Outcome): string =>
  `${outcome.name || outcome.id}@${outcome.version}: ${STATUS_TEXT[outcome.status]}${outcome.reason ? `: ${outcome.reason}` : ""}`;

/**
 * Inspects every package (pack, registry, checks; a few at a time), then publishes what is missing
 * in dependency order. Resolves with one outcome per package, in release order.
 */
export async function release(packages: readonly LocalPackage[], io: ReleaseIO, options: ReleaseOptions): Promise<Outcome[]> {
  const { ordered, cyclic } = releaseOrder(packages);
  const base = (pkg: LocalPackage): Outcome => ({
    id: pkg.id,
    name: pkg.name,
    version: pkg.version,
    dir: path.relative(options.root, pkg.dir).split(path.sep).join("/"),
    tag: `${options.tagPrefix ?? ""}${pkg.name}@${pkg.version}`,
    status: "failed",
  });
  const inspections = await mapLimited(ordered, options.concurrency ?? 4, (pkg) => inspect(pkg, io, options));
  const results: Outcome[] = [];
  const byName = new Map<string, Outcome>();
  for (const [index, pkg] of ordered.entries()) {
    const inspection = inspections[index] as Inspection;
    let outcome: Outcome = { ...base(pkg), ...(inspection.pack ? { integrity: inspection.pack.integrity } : {}) };
    if (inspection.problem)
      outcome = { ...outcome, status: inspection.problem.status, ...(inspection.problem.reason ? { reason: inspection.problem.reason } : {}) };
    else if (inspection.onRegistry) outcome = { ...outcome, status: "exists" };
    else {
      const held = pkg.localDependencies.map((name) => byName.get(name)).find((dep) => dep?.status === "failed" || dep?.status === "held");
      if (held)
        outcome = {
          ...outcome,
          status: "held",
          reason: `its dependency ${held.name}@${held.version} ${held.status === "failed" ? "failed" : "was not published"}`,
        };
      else if (options.dryRun) outcome = { ...outcome, status: "planned" };
      else outcome = { ...outcome, ...(await publishOne(pkg, io, inspection.pack as PackInfo)) };
    }
    if (outcome.status === "published" || outcome.status === "exists" || outcome.status === "planned") outcome.notes = releaseNotes(pkg);
    byName.set(pkg.name, outcome);
    results.push(outcome);
    options.onOutcome?.(outcome);
  }
  for (const pkg of cyclic) {
    const cycle = `on a dependency cycle (${pkg.localDependencies.filter((name) => cyclic.some((other) => other.name === name)).join(", ")})`;
    const outcome: Outcome = { ...base(pkg), status: "failed", reason: cycle };
    results.push(outcome);
    options.onOutcome?.(outcome);
  }
  return results;
}

interface Inspection {
  pack?: PackInfo;
  onRegistry?: boolean;
  problem?: { status: "failed" | "private"; reason?: string };
}

async function inspect(pkg: LocalPackage, io: ReleaseIO, options: ReleaseOptions): Promise<Inspection> {
  const fail = (reason: string, pack?: PackInfo): Inspection => ({ ...(pack ? { pack } : {}), problem: { status: "failed", reason } });
  if (pkg.manifest.private === true) return { problem: { status: "private" } };
  if (!pkg.name || !pkg.version) return fail("package.json has no name or no version");
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(pkg.version)) return fail(`version ${pkg.version} is not semver`);
  const repositoryProblem = options.provenanceRepository ? provenanceProblem(pkg.manifest, options.provenanceRepository) : undefined;
  if (repositoryProblem) return fail(repositoryProblem);
  let pack: PackInfo;
  try {
    pack = await io.pack(pkg);
  } catch (error) {
    return fail(`npm pack failed: ${reasonOf(error)}`);
  }
  const missing = entryPoints(pkg.manifest).filter((file) => !pack.files.includes(file));
  if (missing.length > 0) return fail(`package.json points at ${missing.join(", ")}, which the pack does not contain (build the package first)`, pack);
  let remote: RegistryVersion;
  try {
    remote = await io.lookup(pkg);
  } catch (error) {
    return fail(`could not ask the registry: ${reasonOf(error)}`, pack);
  }
  if (remote.state === "unpublished")
    return fail(`version ${pkg.version} was published and then unpublished; npm never accepts it again: bump the version`, pack);
  if (remote.state === "absent") return { pack };
  const same = remote.integrity ? remote.integrity === pack.integrity : remote.shasum ? remote.shasum === pack.shasum : undefined;
  if (same === false) {
    const [theirs, ours] = remote.integrity ? [remote.integrity, pack.integrity] : [`sha1 ${remote.shasum}`, `sha1 ${pack.shasum}`];
    return fail(`contents changed but version did not: the registry's ${pkg.version} is ${theirs}, the local pack is ${ours}; bump the version`, pack);
  }
  if (same === undefined) return fail(`the registry's ${pkg.version} has no integrity or shasum to compare the local pack with`, pack);
  return { pack, onRegistry: true };
}

async function publishOne(pkg: LocalPackage, io: ReleaseIO, pack: PackInfo): Promise<Pick<Outcome, "status" | "reason">> {
  try {
    await io.publish(pkg);
    return { status: "published" };
  } catch (error) {
    const reason = reasonOf(error);
    // The registry refused a version it has: another run got there first, or a cached packument was stale.
    if (/EPUBLISHCONFLICT|E409|previously published|cannot publish over/i.test(reason)) {
      const remote = await io.lookup(pkg).catch(() => undefined);
      if (remote?.state === "present" && remote.integrity === pack.integrity) return { status: "exists" };
    }
    return { status: "failed", reason: `npm publish failed: ${reason}` };
  }
}

/** Files package.json names as entry points (main, module, types, bin, exports targets), as pack paths. */
export function entryPoints(manifest: Json): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string" && !value.includes("*")) found.add(path.posix.normalize(value.replace(/^\.\//, "")));
    else if (Array.isArray(value)) for (const item of value) add(item);
    else if (value && typeof value === "object") for (const item of Object.values(value)) add(item);
  };
  for (const field of ["main", "module", "types", "typings", "bin", "exports"]) add(manifest[field]);
  return [...found].sort();
}

/** `--provenance`: npm rejects a package whose repository.url is not the repository that built it. */
function provenanceProblem(manifest: Json, expected: string | true): string | undefined {
  const raw = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  if (typeof raw !== "string" || raw.trim() === "") {
    return "--provenance needs repository.url in package.json (npm checks it against the repository the workflow runs in)";
  }
  const normalize = (url: string) =>
    url
      .trim()
      .replace(/^git\+/, "")
      .replace(/^github:/, "https://github.com/")
      .replace(/^git@github\.com:/, "https://github.com/")
      .replace(/\.git$/, "")
      .replace(/\/$/, "")
      .toLowerCase();
  if (expected !== true && normalize(raw) !== normalize(expected)) return `repository.url is ${raw}, but provenance will say ${expected}`;
  return undefined;
}

function releaseNotes(pkg: LocalPackage): string {
  const file = path.join(pkg.dir, "CHANGELOG.md");
  const entry = existsSync(file) ? changelogEntry(readFileSync(file, "utf8"), pkg.version) : undefined;
  return entry ?? `${pkg.name} ${pkg.version}. Its CHANGELOG.md has no entry for this version.`;
}

function reasonOf(error: unknown): string {
  const { stderr, message } = (error ?? {}) as { stderr?: string; message?: string };
  const npmLines = (stderr ?? "")
    .split("\n")
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, "").trim())
    .filter((line) => line !== "" && !/^(A complete log of this run|Log files were not written|npm warn|code E\w+$)/i.test(line) && !/\.log$/.test(line));
  const text = npmLines.length > 0 ? npmLines.slice(0, 3).join(" ") : (message ?? String(error));
  return text.replace(/\s+/g, " ").slice(0, 500);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The packument URL npm uses for a name: the scope's slash encoded. */
export function packumentUrl(registry: string, name: string): string {
  return new URL(name.replace("/", "%2f"), registry.endsWith("/") ? registry : `${registry}/`).href;
}

/** npm itself for pack and publish; an HTTP GET of the packument for the registry (anonymous, bounded retries). */
export function npmIO(options: { registry: string; provenance?: boolean; publishTimeoutMs?: number }): ReleaseIO {
  const registry = options.registry.endsWith("/") ? options.registry : `${options.registry}/`;
  const registryFlags = (name: string) => {
    const scope = /^(@[^/]+)\//.exec(name)?.[1];
    // A scope's own registry setting would otherwise win over --registry.
    return ["--registry", registry, ...(scope ? [`--${scope}:registry=${registry}`] : [])];
  };
  return {
    async pack(pkg) {
      const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkg.dir, timeout: 120_000, maxBuffer: 64 << 20 });
      const [packed] = JSON.parse(stdout) as { integrity: string; shasum: string; files: { path: string }[] }[];
      if (!packed) throw new Error("npm pack printed no package");
      return { integrity: packed.integrity, shasum: packed.shasum, files: packed.files.map((file) => file.path) };
    },
    async lookup(pkg) {
      // ?write=true asks npm's registry for the uncached document, as npm does before it writes.
      const url = `${packumentUrl(registry, pkg.name)}?write=true`;
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        let response: Response;
        try {
          response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
        } catch (error) {
          lastError = error;
          continue;
        }
        if (response.status === 404) return { state: "absent" };
        if (response.status >= 500 || response.status === 429) {
          lastError = new Error(`GET ${url}: HTTP ${response.status}`);
          continue;
        }
        if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
        const packument = (await response.json()) as Json;
        const found = packument.versions?.[pkg.version] as Json | undefined;
        if (found) return { state: "present", integrity: found.dist?.integrity, shasum: found.dist?.shasum };
        return packument.time?.[pkg.version] ? { state: "unpublished" } : { state: "absent" };
      }
      throw lastError;
    },
    async publish(pkg) {
      const args = ["publish", "--access", "public", "--ignore-scripts", ...registryFlags(pkg.name)];
      if (options.provenance) args.push("--provenance");
      // npm refuses to make a prerelease `latest`.
      if (pkg.version.includes("-")) args.push("--tag", "next");
      await run("npm", args, { cwd: pkg.dir, timeout: options.publishTimeoutMs ?? 300_000, maxBuffer: 64 << 20 });
    },
  };
}

const USAGE =
  "usage: node --import tsx scripts/release.ts [--registry <url>] [--root <dir>] [--dry-run] [--provenance] [--json] [--tag-prefix <text>] [--notes-dir <dir>]";

export async function main(argv: string[]): Promise<number> {
  let values: {
    registry?: string;
    root?: string;
    "dry-run"?: boolean;
    provenance?: boolean;
    json?: boolean;
    "tag-prefix"?: string;
    "notes-dir"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        registry: { type: "string" },
        root: { type: "string" },
        "dry-run": { type: "boolean" },
        provenance: { type: "boolean" },
        json: { type: "boolean" },
        "tag-prefix": { type: "string" },
        "notes-dir": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const registry = values.registry ?? DEFAULT_REGISTRY;
  try {
    new URL(registry);
  } catch {
    process.stderr.write(`--registry: not a URL: ${registry}\n`);
    return 2;
  }
  const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  const packages = discoverPackages(root);
  const repository = process.env.GITHUB_REPOSITORY ? `${process.env.GITHUB_SERVER_URL ?? "https://github.com"}/${process.env.GITHUB_REPOSITORY}` : true;
  const outcomes = await release(packages, npmIO({ registry, provenance: values.provenance === true }), {
    root,
    dryRun: values["dry-run"] === true,
    ...(values["tag-prefix"] ? { tagPrefix: values["tag-prefix"] } : {}),
    ...(values.provenance ? { provenanceRepository: repository } : {}),
    onOutcome: (outcome) => say(outcomeLine(outcome)),
  });
  if (values["notes-dir"]) {
    const dir = path.resolve(values["notes-dir"]);
    mkdirSync(dir, { recursive: true });
    for (const outcome of outcomes) {
      if (outcome.notes === undefined) continue;
      outcome.notesFile = path.join(dir, `${outcome.id}.md`);
      writeFileSync(outcome.notesFile, `${outcome.notes}\n`);
    }
  }
  const count = (status: Status) => outcomes.filter((outcome) => outcome.status === status).length;
  const failed = count("failed") + count("held");
  say(
    `release: ${values["dry-run"] ? `${count("planned")} to publish` : `${count("published")} published`}, ${count("exists")} already on the registry, ${failed} failed or held back (${registry})`,
  );
  if (values.json) {
    const summary = { registry, dryRun: values["dry-run"] === true, published: count("published"), failed, packages: outcomes };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
