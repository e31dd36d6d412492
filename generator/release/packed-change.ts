import { createHash } from "node:crypto";
import { bumpVersion, type ChangeLevel } from "../diff/rules.js";
import { VERSION_MODULE, withoutVersion } from "../shared/version-module.js";
import type { ChangelogEntry, ReleasePlan } from "./plan-release.js";

/**
 * What changed in the bytes a package publishes, whatever the cause (the generator, a template, the
 * runtime range, the manifest, the overlay): the spec diff only sees the spec. The published
 * files are `dist/`, README.md and package.json (its version aside; CHANGELOG.md follows the
 * version). Declarations decide the level: unchanged → patch, only additions → minor, anything
 * removed or rewritten → major (comments aside, so a reworded description stays a patch).
 */
export interface PackedChange {
  level: ChangeLevel | undefined;
  /** Why, in words for the changelog ("stopSession now sends …", "@agentstop/runtime ^0.1.0 → ^0.2.0"). */
  reasons: string[];
}

/** The files a package publishes, by path inside its folder. */
export const PUBLISHED = /^(dist\/.+|README\.md|package\.json)$/;

/**
 * One hash over the published files, package.json's version and this hash's own field aside. The
 * generator records it in package.json (`agentstop.published`) at each release, so a file edited
 * by hand in generated/ is repaired by the next run instead of being taken for a new release.
 */
export function publishedHash(files: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256");
  for (const file of Object.keys(files)
    .filter((name) => PUBLISHED.test(name))
    .sort())
    hash.update(`${file}\0${comparable(file, files[file])}\0`);
  return `sha256:${hash.digest("hex")}`;
}

/** The hash package.json records for the committed release, if any. */
export function recordedHash(packageJson: string | undefined): string | undefined {
  try {
    const recorded = (JSON.parse(packageJson ?? "") as { agentstop?: { published?: unknown } }).agentstop?.published;
    return typeof recorded === "string" ? recorded : undefined;
  } catch {
    return undefined;
  }
}

export function packedChange(previous: Readonly<Record<string, string>> | undefined, next: Readonly<Record<string, string>>): PackedChange {
  // No earlier package: a first release, which the version plan handles.
  if (!previous || Object.keys(previous).length === 0) return { level: undefined, reasons: [] };
  const recorded = recordedHash(previous["package.json"]);
  if (recorded !== undefined && recorded === publishedHash(next)) return { level: undefined, reasons: [] };
  const names = [...new Set([...Object.keys(previous), ...Object.keys(next)])].filter((file) => PUBLISHED.test(file)).sort();
  const changed = names.filter((file) => comparable(file, previous[file]) !== comparable(file, next[file]));
  if (changed.length === 0) return { level: undefined, reasons: [] };
  const declarations = changed.filter((file) => file.endsWith(".d.ts"));
  let level: ChangeLevel = "patch";
  for (const file of declarations) {
    const before = declarationLines(previous[file]);
    const after = new Set(declarationLines(next[file]));
    level = before.some((line) => !after.has(line)) ? "major" : level === "major" ? "major" : "minor";
  }
  return { level, reasons: reasonsFor(previous, next, changed) };
}

/** The file as compared: package.json and the version module without the version (and the recorded hash), which follow from the comparison. */
function comparable(file: string, text: string | undefined): string | undefined {
  if (text !== undefined && VERSION_MODULE.test(file)) return withoutVersion(text);
  if (text === undefined || file !== "package.json") return text;
  try {
    const { version: _, agentstop: __, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

/** Declaration statements, one per line, without comments and indentation. */
function declarationLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").trim())
    .filter(Boolean);
}

function reasonsFor(previous: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>, changed: readonly string[]): string[] {
  const reasons: string[] = [];
  const dependencies = (text: string | undefined) => {
    try {
      return (JSON.parse(text ?? "{}") as { dependencies?: Record<string, string> }).dependencies ?? {};
    } catch {
      return {};
    }
  };
  const [before, after] = [dependencies(previous["package.json"]), dependencies(next["package.json"])];
  for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[name] !== after[name]) reasons.push(`dependency ${name} ${before[name] ?? "(none)"} → ${after[name] ?? "(none)"}`);
  }
  // The README's stop line, without Markdown punctuation: a formatting change is not a stop change.
  const stop = (text: string | undefined) => /^`stopSession` .*$/m.exec(text ?? "")?.[0].replace(/[\\`]/g, "");
  const [stopBefore, stopAfter] = [stop(previous["README.md"]), stop(next["README.md"])];
  if (stopBefore !== stopAfter && stopAfter) reasons.push(`stopSession changed: ${stopAfter.replace(/^stopSession /, "it now ")}`);
  const code = changed.filter((file) => file.startsWith("dist/") && !file.startsWith("dist/cjs/"));
  if (code.length > 0) reasons.push(`regenerated code: ${code.join(", ")}`);
  if (changed.includes("README.md") && stopBefore === stopAfter) reasons.push("README.md regenerated");
  return reasons;
}

/**
 * The release plan with the published bytes taken into account: a change the spec diff did not
 * see still bumps the version (at least a patch), and the changelog entry says why.
 */
export function withPackedChange(plan: ReleasePlan, change: PackedChange): ReleasePlan {
  if (!change.level || plan.previousVersion === undefined) return plan;
  const order: readonly ChangeLevel[] = ["patch", "minor", "major"];
  const level = plan.level && order.indexOf(plan.level) > order.indexOf(change.level) ? plan.level : change.level;
  const version = bumpVersion(plan.previousVersion, level);
  const section = { title: "Regenerated", items: change.reasons.map((reason) => ({ text: reason })) };
  const entry: ChangelogEntry = plan.entry
    ? { ...plan.entry, version, sections: [...plan.entry.sections, section] }
    : { version, summary: `Regenerated by agentstop: a ${level} release (the published files changed; the spec did not).`, sections: [section] };
  return { ...plan, version, level, entry };
}
