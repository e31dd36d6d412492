import { bumpVersion, CHANGE_RULES, type ChangeKind, type ChangeLevel, highestLevel, type SpecChange } from "../diff/rules.js";
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
  sections: { title: string; items: { text: string }[] }[];
}

const SECTION_TITLES: Readonly<Record<ChangeLevel, string>> = { major: "Breaking changes", minor: "Added", patch: "Documentation" };

/**
 * The version and changelog for a freshly bundled spec. With no baseline (no openapi.json yet) the
 * committed version stands; with one, the spec diff decides the bump. Pure and idempotent: a
 * second run sees the new spec as its baseline and plans nothing.
 */
/**
 * `bundledText`, the new openapi.json as written: when it equals the committed one, the spec did
 * not change and the semantic diff (most of a large spec's release planning) is skipped.
 */
export function planRelease(previous: PreviousRelease, bundled: Record<string, unknown>, specLabel: string, bundledText?: string): ReleasePlan {
  const previousEntries = previous.changelogEntries ?? "";
  if (!previous.bundled) {
    const version = previous.version ?? FIRST_VERSION;
    const entry = previous.changelogEntries ? undefined : { version, summary: `First release, generated from ${specLabel}.`, sections: [] };
    return { version, previousVersion: previous.version, level: undefined, changes: [], previousEntries, ...(entry ? { entry } : {}) };
  }
  const unchanged = bundledText !== undefined && bundledText === previous.bundledText;
  const changes = unchanged ? [] : diffSpecs(previous.bundled, bundled);
  const level = highestLevel(changes);
  const previousVersion = previous.version ?? FIRST_VERSION;
  const version = bumpVersion(previousVersion, level);
  if (!level) return { version, previousVersion, level, changes, previousEntries };
  const sections = (["major", "minor", "patch"] as const)
    .map((sectionLevel) => ({
      title: SECTION_TITLES[sectionLevel],
      // Breaking changes are listed in full: they are what a user must act on.
      items: changelogLines(
        changes.filter((found) => found.level === sectionLevel),
        sectionLevel === "major",
      ).map((text) => ({ text })),
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

/** Names shown in one grouped line of a section that may be shortened. */
const LIST_LIMIT = 10;
/** From this many lines of one kind (that has a plural), they become one line. */
const COLLAPSE_FROM = 3;

/**
 * One section's lines, readable in a pull request: the same change in many operations is one line
 * naming them; many changes of a countable kind (66 operations added) are one line; kinds keep the
 * order of the rules table. `complete` lists every name; otherwise long lists are cut.
 */
export function changelogLines(changes: readonly SpecChange[], complete: boolean): string[] {
  const list = (names: string[]) =>
    complete || names.length <= LIST_LIMIT ? names.join(", ") : `${names.slice(0, LIST_LIMIT).join(", ")}, … and ${names.length - LIST_LIMIT} more`;
  const kinds = Object.keys(CHANGE_RULES) as ChangeKind[];
  const sorted = [...changes].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
  // The same change (kind and detail) in several operations.
  const same = new Map<string, SpecChange[]>();
  for (const found of sorted) same.set(`${found.kind}\n${found.detail}`, [...(same.get(`${found.kind}\n${found.detail}`) ?? []), found]);
  const lines: string[] = [];
  for (const kind of kinds) {
    const groups = [...same.values()].filter((group) => group[0]?.kind === kind);
    if (groups.length === 0) continue;
    const rule = CHANGE_RULES[kind];
    const plural = "plural" in rule ? rule.plural : undefined;
    const singles = groups.filter((group) => group.length === 1).map((group) => group[0] as SpecChange);
    if (plural !== undefined && singles.length >= COLLAPSE_FROM) {
      const operationLevel = kind === "operation-added" || kind === "operation-removed";
      lines.push(
        `${singles.length} ${plural}: ${list(singles.map((found) => (operationLevel ? (found.name ?? found.where) : `${found.where} (${found.detail})`)))}`,
      );
    } else {
      for (const found of singles) lines.push(`${found.where}: ${found.detail} (${rule.title})`);
    }
    for (const group of groups.filter((entries) => entries.length > 1)) {
      const first = group[0] as SpecChange;
      lines.push(`${first.detail} (${rule.title}), in ${group.length} operations: ${list(group.map((found) => found.where))}`);
    }
  }
  return lines;
}
