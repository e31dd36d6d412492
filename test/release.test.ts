// scripts/release.ts: its ordering and failure rules against a scripted registry, then the script
// itself against a real one: Verdaccio on 127.0.0.1 (test/helpers/verdaccio.ts). Every package
// under generated/ is copied to a staging folder (built with tsc only when it has no dist/), then
// published, republished (nothing), changed (only that one), broken and resumed, refused when its
// contents changed under the same version, and finally installed from the registry into a project
// outside the repository whose stopSession call reaches a node:http server on 127.0.0.1.

import { execFile } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pascalCase } from "../generator/model/identifiers.js";
import { UMBRELLA_PACKAGE } from "../generator/shared/runtime-package.js";
import {
  changelogEntry,
  discoverPackages,
  entryPoints,
  type LocalPackage,
  type Outcome,
  type PackInfo,
  type RegistryVersion,
  type ReleaseIO,
  release,
  releaseOrder,
} from "../scripts/release.js";
import { bumpLevel, packageBumps } from "../scripts/semver-label.js";
import { accepts, credentials, expectedStopRequest, type StopInput, stopInput, validValue } from "./helpers/clients.js";
import { providerIds, readProvider } from "./helpers/providers.js";
import { startRecordingServer } from "./helpers/recording-server.js";
import { repoRoot } from "./helpers/repo.js";
import { startVerdaccio, type TestRegistry } from "./helpers/verdaccio.js";

const run = promisify(execFile);

describe("release rules (a scripted registry)", () => {
  const pkg = (name: string, localDependencies: string[] = []): LocalPackage => ({
    id: name.replace(/^@agentstop\//, ""),
    dir: path.join("/repo/generated", name.replace(/^@agentstop\//, "")),
    name,
    version: "1.0.0",
    manifest: { name, version: "1.0.0", main: "./dist/index.js" },
    localDependencies,
  });
  const runtime = pkg("@agentstop/runtime");
  const alpha = pkg("@agentstop/alpha", ["@agentstop/runtime"]);
  const beta = pkg("@agentstop/beta", ["@agentstop/runtime"]);
  const gamma = pkg("@agentstop/gamma");
  const delta = pkg("@agentstop/delta", ["@agentstop/alpha"]);
  const all = [delta, gamma, beta, alpha, runtime];

  /** A registry in memory: `have` maps name@version to the integrity it holds; `refuse` makes a publish fail. */
  function scripted(have: Record<string, string> = {}, refuse: string[] = []): ReleaseIO & { published: string[] } {
    const published: string[] = [];
    const integrity = (p: LocalPackage) => `sha512-${p.name}@${p.version}`;
    return {
      published,
      pack: async (p): Promise<PackInfo> => ({ integrity: integrity(p), shasum: "0", files: ["dist/index.js", "package.json"] }),
      lookup: async (p): Promise<RegistryVersion> => {
        const found = have[`${p.name}@${p.version}`];
        return found ? { state: "present", integrity: found } : { state: "absent" };
      },
      publish: async (p) => {
        if (refuse.includes(p.name)) throw Object.assign(new Error("exit 1"), { stderr: "npm error code E500\nnpm error 500 Internal Server Error\n" });
        published.push(p.name);
        have[`${p.name}@${p.version}`] = integrity(p);
      },
    };
  }
  const statuses = (outcomes: Outcome[]) => Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome.status]));

  it("orders dependencies first, the runtime before everything, then by name", () => {
    const { ordered, cyclic } = releaseOrder(all);
    const names = ordered.map((p) => p.name);
    expect(names[0]).toBe("@agentstop/runtime");
    expect(names.indexOf("@agentstop/alpha")).toBeLessThan(names.indexOf("@agentstop/delta"));
    expect(names).toHaveLength(all.length);
    expect(cyclic).toEqual([]);
  });

  it("reports packages on a dependency cycle instead of ordering them", async () => {
    const one = pkg("@agentstop/one", ["@agentstop/two"]);
    const two = pkg("@agentstop/two", ["@agentstop/one"]);
    expect(releaseOrder([one, two, gamma]).cyclic.map((p) => p.name)).toEqual(["@agentstop/one", "@agentstop/two"]);
    const outcomes = await release([one, two, gamma], scripted(), { root: "/repo" });
    expect(statuses(outcomes)).toEqual({ "@agentstop/gamma": "published", "@agentstop/one": "failed", "@agentstop/two": "failed" });
  });

  it("a failure holds back what depends on it, transitively, and nothing else; a rerun resumes", async () => {
    const have: Record<string, string> = {};
    const first = scripted(have, ["@agentstop/alpha"]);
    const outcomes = await release(all, first, { root: "/repo" });
    expect(statuses(outcomes)).toEqual({
      "@agentstop/runtime": "published",
      "@agentstop/alpha": "failed",
      "@agentstop/beta": "published",
      "@agentstop/gamma": "published",
      "@agentstop/delta": "held",
    });
    expect(outcomes.find((o) => o.name === "@agentstop/alpha")?.reason).toBe("npm publish failed: 500 Internal Server Error");
    expect(outcomes.find((o) => o.name === "@agentstop/delta")?.reason).toBe("its dependency @agentstop/alpha@1.0.0 failed");
    const second = scripted(have);
    expect(statuses(await release(all, second, { root: "/repo" }))).toMatchObject({ "@agentstop/alpha": "published", "@agentstop/delta": "published" });
    expect(second.published).toEqual(["@agentstop/alpha", "@agentstop/delta"]);
  });

  it("refuses a version the registry holds with other contents, and holds back its dependents that need publishing", async () => {
    const io = scripted({ "@agentstop/runtime@1.0.0": "sha512-something-else" });
    const outcomes = await release(all, io, { root: "/repo" });
    const refused = outcomes.find((o) => o.name === "@agentstop/runtime");
    expect(refused).toMatchObject({ status: "failed" });
    expect(refused?.reason).toMatch(/^contents changed but version did not: the registry's 1\.0\.0 is sha512-something-else, the local pack is sha512-/);
    expect(io.published).toEqual(["@agentstop/gamma"]);
  });

  it("fails a package whose pack lacks an entry point, and one the registry cannot answer for", async () => {
    const io = scripted();
    const lacking = { ...gamma, manifest: { ...gamma.manifest, exports: { ".": { import: "./dist/missing.js", types: "./dist/*.d.ts" } } } };
    const [outcome] = await release([lacking], io, { root: "/repo" });
    expect(outcome?.reason).toBe("package.json points at dist/missing.js, which the pack does not contain (build the package first)");
    const down = { ...scripted(), lookup: async () => Promise.reject(new Error("ECONNREFUSED")) };
    expect((await release([gamma], down, { root: "/repo" }))[0]?.reason).toBe("could not ask the registry: ECONNREFUSED");
  });

  it("a dry run publishes nothing and says what it would publish", async () => {
    const io = scripted({ "@agentstop/runtime@1.0.0": "sha512-@agentstop/runtime@1.0.0" });
    const outcomes = await release(all, io, { root: "/repo", dryRun: true });
    expect(io.published).toEqual([]);
    expect(statuses(outcomes)).toMatchObject({ "@agentstop/runtime": "exists", "@agentstop/alpha": "planned" });
  });

  it("with --provenance, a package needs repository.url, and the workflow's repository", async () => {
    const [missing] = await release([gamma], scripted(), { root: "/repo", provenanceRepository: "https://github.com/o/r" });
    expect(missing?.reason).toMatch(/--provenance needs repository\.url/);
    const other = { ...gamma, manifest: { ...gamma.manifest, repository: { type: "git", url: "git+https://github.com/someone/else.git" } } };
    expect((await release([other], scripted(), { root: "/repo", provenanceRepository: "https://github.com/o/r" }))[0]?.reason).toMatch(/provenance will say/);
    const same = { ...gamma, manifest: { ...gamma.manifest, repository: { type: "git", url: "git+https://github.com/O/r.git" } } };
    expect((await release([same], scripted(), { root: "/repo", provenanceRepository: "https://github.com/o/r" }))[0]?.status).toBe("published");
  });

  it("takes one version's CHANGELOG entry and the package's entry points", () => {
    const changelog = "# Changelog — @agentstop/x\n\n## 1.1.0\n\nAdded things.\n\n### Added\n\n- a\n\n## 1.0.0\n\n- First release.\n";
    expect(changelogEntry(changelog, "1.1.0")).toBe("Added things.\n\n### Added\n\n- a");
    expect(changelogEntry(changelog, "1.0.0")).toBe("- First release.");
    expect(changelogEntry(changelog, "1.0")).toBeUndefined();
    expect(
      entryPoints({
        main: "./dist/cjs/index.js",
        types: "dist/cjs/index.d.ts",
        exports: { ".": { import: { default: "./dist/index.js" } }, "./package.json": "./package.json" },
      }),
    ).toEqual(["dist/cjs/index.d.ts", "dist/cjs/index.js", "dist/index.js", "package.json"]);
  });
});

describe("scripts/semver-label.ts (the spec-sync pull request's label)", () => {
  it("takes the level of each version bump: new packages minor, removed or lowered ones major", () => {
    expect(bumpLevel("0.1.0", "0.1.0")).toBeUndefined();
    expect(bumpLevel("0.1.0", "0.1.1")).toBe("patch");
    expect(bumpLevel("0.1.3", "0.2.0")).toBe("minor");
    expect(bumpLevel("0.2.0", "1.0.0")).toBe("major");
    expect(bumpLevel("1.0.0-rc.1", "1.0.0")).toBe("patch");
    expect(bumpLevel(undefined, "0.1.0")).toBe("minor");
    expect(bumpLevel("0.1.0", undefined)).toBe("major");
    expect(bumpLevel("0.2.0", "0.1.9")).toBe("major");
  });

  it("prints the highest bump among generated/*/package.json against a git ref, and nothing when none moved", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "agentstop-label-"));
    try {
      const write = (id: string, version: string) => {
        mkdirSync(path.join(root, "generated", id), { recursive: true });
        writeFileSync(path.join(root, "generated", id, "package.json"), JSON.stringify({ name: `@agentstop/${id}`, version }));
      };
      const git = (...args: string[]) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: root });
      const label = async () =>
        (await run(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts/semver-label.ts"), "--root", root], { cwd: repoRoot })).stdout;
      write("runtime", "0.1.0");
      write("alpha", "0.2.0");
      writeFileSync(path.join(root, "generated", "CONFORMANCE.md"), "table\n");
      await git("init", "-q");
      await git("add", ".");
      await git("commit", "-qm", "base");
      expect(await label()).toBe("");
      write("runtime", "0.1.1");
      expect(await label()).toBe("semver:patch\n");
      write("beta", "0.1.0");
      expect(packageBumps(root).map((bump) => [bump.id, bump.level])).toEqual([
        ["alpha", undefined],
        ["beta", "minor"],
        ["runtime", "patch"],
      ]);
      expect(await label()).toBe("semver:minor\n");
      write("alpha", "1.0.0");
      expect(await label()).toBe("semver:major\n");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// --- against Verdaccio ------------------------------------------------------------------------------

const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
const script = path.join(repoRoot, "scripts/release.ts");
/** The lines of each release run, for a person to read after the suite (test-results/ is gitignored). */
const logFile = path.join(repoRoot, "test-results/release-runs.txt");

interface Summary {
  registry: string;
  dryRun: boolean;
  published: number;
  failed: number;
  packages: Outcome[];
}

let work: string;
let staging: string;
let registry: TestRegistry;
let packages: LocalPackage[];

/** The packages under generated/ as the staging copy has them (re-read after each edit). */
const stagedPackages = () => discoverPackages(staging);

async function runRelease(title: string, ...args: string[]): Promise<{ code: number; summary: Summary; lines: string[] }> {
  const argv = ["--import", "tsx", script, "--root", staging, "--registry", registry.url, "--json", "--notes-dir", path.join(work, "notes"), ...args];
  const result = await run(process.execPath, argv, { cwd: repoRoot, env: registry.env, timeout: 240_000, maxBuffer: 64 << 20 }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === "number" ? error.code : -1,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }),
  );
  const names = discoverPackages(repoRoot).map((p) => p.name);
  const lines = result.stderr.split("\n").filter((line) => /^release:/.test(line) || names.some((name) => line.startsWith(`${name}@`)));
  writeFileSync(logFile, `$ release ${args.join(" ")}   # ${title}\n${lines.join("\n")}\nexit ${result.code}\n\n`, { flag: "a" });
  let summary: Summary;
  try {
    summary = JSON.parse(result.stdout) as Summary;
  } catch {
    throw new Error(`release printed no JSON summary (exit ${result.code}):\n${result.stderr}`);
  }
  return { code: result.code, summary, lines };
}

const statusOf = (summary: Summary) => Object.fromEntries(summary.packages.map((outcome) => [outcome.id, outcome.status]));
const allWith = (status: string) => Object.fromEntries(packages.map((p) => [p.id, status]));

/** The registry's dist for name@version, or undefined. */
async function registryDist(name: string, version: string): Promise<{ integrity?: string } | undefined> {
  const response = await fetch(new URL(name.replace("/", "%2f"), registry.url));
  if (response.status === 404) return undefined;
  const packument = (await response.json()) as { versions?: Record<string, { dist?: { integrity?: string } }> };
  return packument.versions?.[version]?.dist;
}

/** Bumps the patch version in package.json and adds a CHANGELOG entry for it; returns the new version. */
function bumpPatch(pkg: LocalPackage, note: string): string {
  const [major, minor, patch] = pkg.version.split(/[.-]/).map(Number) as [number, number, number];
  const version = `${major}.${minor}.${patch + 1}`;
  const manifestFile = path.join(pkg.dir, "package.json");
  writeFileSync(manifestFile, readFileSync(manifestFile, "utf8").replace(`"version": "${pkg.version}"`, `"version": "${version}"`));
  const changelogFile = path.join(pkg.dir, "CHANGELOG.md");
  const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : `# Changelog — ${pkg.name}\n`;
  const at = changelog.search(/^## /m);
  const entry = `## ${version}\n\n${note}\n\n`;
  writeFileSync(changelogFile, at < 0 ? `${changelog.trimEnd()}\n\n${entry}` : `${changelog.slice(0, at)}${entry}${changelog.slice(at)}`);
  return version;
}

/** Packages nothing else under generated/ depends on: safe to change one at a time. */
/**
 * Packages a patch can be released alone: none depends on them but the umbrella, whose `^` ranges
 * take any patch (and not the umbrella itself, which depends on everything).
 */
const leaves = (all: LocalPackage[]) =>
  all.filter((p) => p.name !== UMBRELLA_PACKAGE && !all.some((other) => other.name !== UMBRELLA_PACKAGE && other.localDependencies.includes(p.name)));

describe("scripts/release.ts against Verdaccio on 127.0.0.1", () => {
  beforeAll(async () => {
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(logFile, "");
    work = mkdtempSync(path.join(tmpdir(), "agentstop-release-"));
    mkdirSync(path.join(work, "registry"));
    // Staging sits inside the repository (gitignored) so a package without dist/ builds against the
    // repository's node_modules; the registry, the notes and the consumer project sit outside it.
    staging = mkdtempSync(path.join(repoRoot, ".agentstop-release-"));
    const starting = startVerdaccio(path.join(work, "registry"));
    for (const pkg of discoverPackages(repoRoot)) {
      cpSync(pkg.dir, path.join(staging, "generated", pkg.id), { recursive: true, filter: (source) => !/[\\/]node_modules$/.test(source) });
    }
    packages = stagedPackages();
    // The packages as they will be published: with dist/. Build only those that have none, in release
    // order, each seeing the others by name through node_modules (never through the repository's).
    const unbuilt = releaseOrder(packages).ordered.filter((p) => !existsSync(path.join(p.dir, "dist")));
    if (unbuilt.length > 0) {
      for (const p of packages) {
        const link = path.join(staging, "node_modules", p.name);
        mkdirSync(path.dirname(link), { recursive: true });
        symlinkSync(p.dir, link, "dir");
      }
      await run(process.execPath, [tsc, "-b", ...unbuilt.map((p) => path.join(p.dir, "tsconfig.json"))], { cwd: staging, timeout: 240_000 });
      for (const p of unbuilt) if (!existsSync(path.join(p.dir, "dist"))) throw new Error(`${p.id}: tsc -b wrote no dist/`);
    }
    registry = await starting;
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    rmSync(staging, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it("discovers every package under generated/, nothing hard-coded", () => {
    expect(packages.map((p) => p.id).sort()).toEqual(discoverPackages(repoRoot).map((p) => p.id));
    expect(packages.length).toBeGreaterThan(1);
  });

  it("publishes every package, dependencies first, with the registry holding exactly the local packs", async () => {
    const { code, summary, lines } = await runRelease("publish everything");
    expect(code, lines.join("\n")).toBe(0);
    expect(statusOf(summary)).toEqual(allWith("published"));
    expect(summary.published).toBe(packages.length);
    const order = summary.packages.map((outcome) => outcome.name);
    for (const p of packages) for (const dep of p.localDependencies) expect(order.indexOf(dep), `${dep} before ${p.name}`).toBeLessThan(order.indexOf(p.name));
    if (order.includes("@agentstop/runtime")) expect(order[0]).toBe("@agentstop/runtime");
    for (const outcome of summary.packages) {
      expect(outcome.tag).toBe(`${outcome.name}@${outcome.version}`);
      expect((await registryDist(outcome.name, outcome.version))?.integrity, outcome.name).toBe(outcome.integrity);
      const changelog = readFileSync(path.join(staging, outcome.dir, "CHANGELOG.md"), "utf8");
      expect(readFileSync(outcome.notesFile ?? "", "utf8").trim()).toBe(changelogEntry(changelog, outcome.version));
    }
    expect(lines).toHaveLength(packages.length + 1);
  });

  it("a rerun publishes nothing", async () => {
    const { code, summary } = await runRelease("rerun: nothing to publish");
    expect(code).toBe(0);
    expect(statusOf(summary)).toEqual(allWith("exists"));
    expect(summary.published).toBe(0);
  });

  it("publishes only a changed package; a dry run first publishes nothing; a partial failure resumes", async () => {
    const [changed, broken] = leaves(packages);
    if (!changed || !broken) throw new Error("needs two packages that nothing depends on");
    const version = bumpPatch(changed, "- Release test: a patch.");

    const plan = await runRelease("dry run after one package changed", "--dry-run");
    expect(plan.code).toBe(0);
    expect(statusOf(plan.summary)).toEqual({ ...allWith("exists"), [changed.id]: "planned" });
    expect(await registryDist(changed.name, version)).toBeUndefined();

    const brokenVersion = bumpPatch(broken, "- Release test: shipped without its entry point.");
    const entry = entryPoints(broken.manifest).find((file) => file.startsWith("dist/")) ?? "";
    renameSync(path.join(broken.dir, entry), path.join(work, "entry.bak"));
    const partial = await runRelease("one changed package, one broken");
    expect(partial.code).toBe(1);
    expect(statusOf(partial.summary)).toEqual({ ...allWith("exists"), [changed.id]: "published", [broken.id]: "failed" });
    expect(partial.summary.packages.find((o) => o.id === broken.id)?.reason).toContain(`package.json points at ${entry}`);
    expect(readFileSync(partial.summary.packages.find((o) => o.id === changed.id)?.notesFile ?? "", "utf8").trim()).toBe("- Release test: a patch.");
    expect(await registryDist(broken.name, brokenVersion)).toBeUndefined();

    renameSync(path.join(work, "entry.bak"), path.join(broken.dir, entry));
    const resumed = await runRelease("rerun after the fix: only what is missing");
    expect(resumed.code).toBe(0);
    expect(statusOf(resumed.summary)).toEqual({ ...allWith("exists"), [broken.id]: "published" });
    packages = stagedPackages();
  });

  it("refuses loudly when a package's contents changed but its version did not", async () => {
    const target = packages[0] as LocalPackage;
    const changelogFile = path.join(target.dir, "CHANGELOG.md");
    const before = readFileSync(changelogFile, "utf8");
    const published = await registryDist(target.name, target.version);
    writeFileSync(changelogFile, `${before}\n- edited after release\n`);
    try {
      const { code, summary } = await runRelease("contents changed, version did not");
      expect(code).toBe(1);
      expect(statusOf(summary)).toEqual({ ...allWith("exists"), [target.id]: "failed" });
      expect(summary.packages.find((o) => o.id === target.id)?.reason).toMatch(
        new RegExp(`^contents changed but version did not: the registry's ${target.version.replace(/\./g, "\\.")} is sha512-`),
      );
      expect(await registryDist(target.name, target.version)).toEqual(published);
    } finally {
      writeFileSync(changelogFile, before);
    }
  });

  it("installs a provider from the registry into an outside project, with no links, and its stopSession reaches 127.0.0.1", async () => {
    const id = providerIds().find((candidate) => packages.some((p) => p.id === candidate));
    if (!id) throw new Error("no provider package under generated/");
    const provider = readProvider(id);
    const pkg = packages.find((p) => p.id === id) as LocalPackage;
    const consumer = path.join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "agentstop-release-consumer", private: true, type: "module" }));
    const scope = pkg.name.split("/")[0];
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        `--${scope}:registry=${registry.url}`,
        "--omit-lockfile-registry-resolved=false",
        `${pkg.name}@${pkg.version}`,
      ],
      { cwd: consumer, env: registry.env, timeout: 240_000 },
    );
    const installed = path.join(consumer, "node_modules", pkg.name);
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(realpathSync(installed).startsWith(realpathSync(repoRoot))).toBe(false);
    const lock = JSON.parse(readFileSync(path.join(consumer, "package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string; link?: boolean }>;
    };
    const scoped = Object.entries(lock.packages).filter(([where]) => where.includes(`node_modules/${scope}/`));
    expect(scoped.length).toBeGreaterThan(0);
    for (const [where, entry] of scoped) {
      expect(entry.link, where).toBeUndefined();
      expect(entry.resolved, where).toMatch(new RegExp(`^${registry.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }

    const session = "639f91d8-d511-4677-a83b-bd7564d5d92f";
    const input: StopInput = stopInput(
      provider,
      accepts(provider.sessionPathParameter, session) || !provider.sessionPathParameter ? session : validValue(provider.sessionPathParameter),
      accepts(provider.agentPathParameter, "my-agent") || !provider.agentPathParameter ? "my-agent" : validValue(provider.agentPathParameter),
    );
    const factory = `create${provider.manifest.typeName ?? pascalCase(provider.id)}Client`;
    writeFileSync(
      path.join(consumer, "main.mjs"),
      [
        `import { ${factory} } from ${JSON.stringify(pkg.name)};`,
        `const { data, response } = await ${factory}({ baseUrl: process.argv[2], auth: ${JSON.stringify(credentials(provider).auth)} }).stopSession(${JSON.stringify(input)});`,
        "process.stdout.write(JSON.stringify({ status: response.status, data }));",
        "",
      ].join("\n"),
    );
    const server = await startRecordingServer();
    try {
      server.reply({ status: 200, body: { session_id: session, status: "stopped" } });
      const { stdout } = await run(process.execPath, ["main.mjs", server.url], { cwd: consumer, timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({ status: 200, data: { session_id: session, status: "stopped" } });
      const want = expectedStopRequest(provider, input);
      expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual([`${want.method} ${want.url}`]);
    } finally {
      await server.close();
    }
  });
});
