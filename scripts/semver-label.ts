/**
 * `node --import tsx scripts/semver-label.ts [--base <git-ref>] [--root <dir>]`: the spec-sync pull
 * request's label, `semver:major`, `semver:minor` or `semver:patch`, from the highest version bump
 * among the packages under generated/ (each `generated/<id>/package.json` in the working tree
 * against the same file at <base>, default HEAD — the comparison `npm run agentstop -- pr-body`
 * shows per provider). Prints nothing when no package version changed. A new package counts as
 * minor, a removed one (or a version that went down) as major. Each bump goes to stderr.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ChangeLevel } from "../generator/diff/rules.js";

const ORDER: readonly ChangeLevel[] = ["patch", "minor", "major"];

/** The semver level of going from `before` to `after` (undefined: no package on that side). */
export function bumpLevel(before: string | undefined, after: string | undefined): ChangeLevel | undefined {
  if (before === after) return undefined;
  if (before === undefined) return "minor";
  if (after === undefined) return "major";
  const parse = (version: string) => /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(version);
  const [old, now] = [parse(before), parse(after)];
  if (!old || !now) return "major";
  const [a, b] = [old.slice(1, 4).map(Number), now.slice(1, 4).map(Number)] as [number[], number[]];
  const first = [0, 1, 2].find((index) => a[index] !== b[index]);
  if (first === undefined) return "patch"; // only the prerelease part moved
  if ((b[first] as number) < (a[first] as number)) return "major";
  return (["major", "minor", "patch"] as const)[first];
}

export function highestLevel(levels: readonly (ChangeLevel | undefined)[]): ChangeLevel | undefined {
  return levels.reduce<ChangeLevel | undefined>(
    (highest, level) => (level && (!highest || ORDER.indexOf(level) > ORDER.indexOf(highest)) ? level : highest),
    undefined,
  );
}

export interface PackageBump {
  id: string;
  before: string | undefined;
  after: string | undefined;
  level: ChangeLevel | undefined;
}

/** Every package under generated/ at `base` or in the working tree, with its version on each side. */
export function packageBumps(root: string, base = "HEAD"): PackageBump[] {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 << 20 });
    } catch {
      return undefined;
    }
  };
  const versionOf = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : undefined;
  };
  const generated = path.join(root, "generated");
  const here = existsSync(generated)
    ? readdirSync(generated, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(path.join(generated, entry.name, "package.json")))
        .map((entry) => entry.name)
    : [];
  const atBase = (git(["ls-tree", "--name-only", `${base}:generated/`]) ?? "").split("\n").filter((id) => id !== "");
  return [...new Set([...here, ...atBase])]
    .sort()
    .map((id) => {
      const file = path.join(generated, id, "package.json");
      const before = versionOf(git(["show", `${base}:generated/${id}/package.json`]));
      const after = versionOf(existsSync(file) ? readFileSync(file, "utf8") : undefined);
      return { id, before, after, level: bumpLevel(before, after) };
    })
    .filter((bump) => bump.before !== undefined || bump.after !== undefined);
}

export function main(argv: string[]): number {
  let values: { base?: string; root?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { base: { type: "string" }, root: { type: "string" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: node --import tsx scripts/semver-label.ts [--base <git-ref>] [--root <dir>]\n`);
    return 2;
  }
  const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const bumps = packageBumps(root, values.base ?? "HEAD");
  for (const bump of bumps.filter((found) => found.level)) {
    process.stderr.write(`${bump.id}: ${bump.before ?? "(new)"} → ${bump.after ?? "(removed)"} (${bump.level})\n`);
  }
  const level = highestLevel(bumps.map((bump) => bump.level));
  if (level) process.stdout.write(`semver:${level}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
