import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { PUBLISHED } from "../release/packed-change.js";
import { publishedFiles } from "../release/previous-release.js";
import { type PackageSnapshot, versionViolations } from "../release/version-check.js";
import { parseCommand } from "./args.js";

const log = (line = "") => process.stderr.write(`${line}\n`);

export const CHECK_VERSIONS_USAGE = `usage: npm run agentstop -- check-versions [--base <git-ref>]
  Fails (exit 1) when a package under generated/ publishes different bytes (dist/, README.md,
  package.json) than at <git-ref> (default HEAD) under the same version: two tarballs must never
  share a version number. CI runs it on pull requests against the target branch.`;

/** `generated/<id>/<file>`: a file of a package folder. */
const PACKAGE_FILE = /^generated\/([^/]+)\/(.+)$/;

export async function runCheckVersions(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, { usage: CHECK_VERSIONS_USAGE, options: { base: { type: "string" } } });
  if (typeof parsed === "number") return parsed;
  const base = parsed.values.base ?? "HEAD";
  let before: Map<string, PackageSnapshot>;
  try {
    before = snapshotsAt(repoRoot, base);
  } catch (error) {
    log(`check-versions: cannot read ${base}: ${(error as Error).message.split("\n")[0]}`);
    return 2;
  }
  const violations = versionViolations(before, snapshotsOnDisk(repoRoot));
  for (const violation of violations) {
    log(`✗ ${violation.id} ${violation.version}: published files changed since ${base} but the version did not: ${violation.files.join(", ")}`);
  }
  log(
    violations.length === 0
      ? `versions follow the published files (compared with ${base})`
      : "run npm run generate: it bumps the version of a package whose files it changes",
  );
  return violations.length === 0 ? 0 : 1;
}

/** Every package's published files in the working tree, read as the release plan reads them. */
function snapshotsOnDisk(repoRoot: string): Map<string, PackageSnapshot> {
  const generated = path.join(repoRoot, "generated");
  const packages = new Map<string, PackageSnapshot>();
  for (const entry of readdirSync(generated, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const published = publishedFiles(path.join(generated, entry.name));
    if (published["package.json"] !== undefined) packages.set(entry.name, { version: versionOf(published), published });
  }
  return packages;
}

/** Every package's published files at a git ref, read in one `git cat-file --batch`. */
function snapshotsAt(repoRoot: string, ref: string): Map<string, PackageSnapshot> {
  const names = execFileSync("git", ["ls-tree", "-r", "--name-only", ref, "--", "generated"], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  })
    .split("\n")
    .filter((name) => PUBLISHED.test(PACKAGE_FILE.exec(name)?.[2] ?? ""));
  const files = new Map<string, string>();
  if (names.length === 0) return group(files);
  const output = execFileSync("git", ["cat-file", "--batch"], {
    cwd: repoRoot,
    input: names.map((name) => `${ref}:${name}`).join("\n"),
    maxBuffer: 512 * 1024 * 1024,
  });
  let offset = 0;
  for (const name of names) {
    const headerEnd = output.indexOf(10, offset);
    const size = Number(output.subarray(offset, headerEnd).toString("utf8").split(" ")[2]);
    files.set(name, output.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
    offset = headerEnd + 1 + size + 1;
  }
  return group(files);
}

function group(files: ReadonlyMap<string, string>): Map<string, PackageSnapshot> {
  const packages = new Map<string, PackageSnapshot>();
  for (const [name, content] of files) {
    const [, id, file] = PACKAGE_FILE.exec(name) as RegExpExecArray;
    const snapshot = packages.get(id as string) ?? { version: "", published: {} };
    snapshot.published[file as string] = content;
    packages.set(id as string, snapshot);
  }
  for (const snapshot of packages.values()) snapshot.version = versionOf(snapshot.published);
  return packages;
}

function versionOf(published: Readonly<Record<string, string>>): string {
  try {
    return String((JSON.parse(published["package.json"] ?? "{}") as { version?: unknown }).version ?? "");
  } catch {
    return "";
  }
}
