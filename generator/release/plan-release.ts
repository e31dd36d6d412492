import { bumpVersion, CHANGE_RULES, type ChangeLevel, highestLevel, type SpecChange } from "../diff/rules.js";
import { diffSpecs } from "../diff/spec-diff.js";
import type { PreviousRelease } from "./previous-release.js";

export const FIRST_VERSION = "0.1.0";

export interface ReleasePlan {
  version: string;
  previousVersion: string | undefined;
  level: ChangeLevel | undefined;
  changes: SpecChange[];
  /** The CHANGELOG entry for this version, when there is a new one. */
  entry?: ChangelogEntry;
  /** Earlier entries, as committed. */
  previousEntries: string;
}

export interface ChangelogEntry {
  version: string;
  summary: string;
  /** Breaking changes, additions, documentation: only the sections that have items. */
  sections: { title: string; items: { where: string; detail: string; rule: string }[] }[];
}

const SECTION_TITLES: Readonly<Record<ChangeLevel, string>> = { major: "Breaking changes", minor: "Added", patch: "Documentation" };

/**
 * The version and changelog for a freshly bundled spec. With no baseline (no openapi.json yet) the
 * committed version stands; with one, the spec diff decides the bump. Pure and idempotent: a
 * second run sees the new spec as its baseline and plans nothing.
 */
export function planRelease(previous: PreviousRelease, bundled: Record<string, unknown>, specLabel: string): ReleasePlan {
  const previousEntries = previous.changelogEntries ?? "";
  if (!previous.bundled) {
    const version = previous.version ?? FIRST_VERSION;
    const entry = previous.changelogEntries ? undefined : { version, summary: `First release, generated from ${specLabel}.`, sections: [] };
    return { version, previousVersion: previous.version, level: undefined, changes: [], previousEntries, ...(entry ? { entry } : {}) };
  }
  const changes = diffSpecs(previous.bundled, bundled);
  const level = highestLevel(changes);
  const previousVersion = previous.version ?? FIRST_VERSION;
  const version = bumpVersion(previousVersion, level);
  if (!level) return { version, previousVersion, level, changes, previousEntries };
  const sections = (["major", "minor", "patch"] as const)
    .map((sectionLevel) => ({
      title: SECTION_TITLES[sectionLevel],
      items: changes
        .filter((found) => found.level === sectionLevel)
        .map((found) => ({ where: found.where, detail: found.detail, rule: CHANGE_RULES[found.kind].title })),
    }))
    .filter((section) => section.items.length > 0);
  return {
    version,
    previousVersion,
    level,
    changes,
    previousEntries,
    entry: { version, summary: `Regenerated from ${specLabel}: a ${level} release.`, sections },
  };
}
