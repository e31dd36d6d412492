/**
 * Every kind of change the spec diff reports, and what it does to the package version. One row per
 * kind: the level is a decision about the generated client (would code written against the old
 * client still compile and behave?), not about the HTTP API alone.
 */
export type ChangeLevel = "major" | "minor" | "patch";

export const CHANGE_RULES = {
  // Operations
  "operation-removed": { level: "major", title: "operation removed" },
  "operation-path-changed": { level: "major", title: "path changed" },
  "operation-method-changed": { level: "major", title: "method changed" },
  "operation-renamed": { level: "major", title: "operationId changed (the client method is renamed)" },
  "operation-added": { level: "minor", title: "operation added" },
  // Parameters
  "parameter-removed": { level: "major", title: "parameter removed" },
  "parameter-moved": { level: "major", title: "parameter moved to another location" },
  "required-parameter-added": { level: "major", title: "required parameter added" },
  "parameter-now-required": { level: "major", title: "parameter became required" },
  "optional-parameter-added": { level: "minor", title: "optional parameter added" },
  "parameter-now-optional": { level: "minor", title: "parameter became optional" },
  // Request body
  "request-body-added": { level: "major", title: "required request body added" },
  "request-body-now-required": { level: "major", title: "request body became required" },
  "request-body-removed": { level: "major", title: "request body removed" },
  "required-body-field-added": { level: "major", title: "required body field added" },
  "body-field-removed": { level: "major", title: "body field removed" },
  "optional-body-field-added": { level: "minor", title: "optional body field added" },
  // Responses
  "success-response-removed": { level: "major", title: "success response removed" },
  "response-field-removed": { level: "major", title: "response field removed" },
  "response-added": { level: "minor", title: "response added" },
  "response-removed": { level: "minor", title: "error response removed" },
  "response-field-added": { level: "minor", title: "response field added" },
  "response-header-removed": { level: "major", title: "response header removed" },
  "response-header-added": { level: "minor", title: "response header added" },
  // Deprecation warns; it does not break
  deprecated: { level: "minor", title: "deprecated" },
  // Schemas (either direction)
  "type-narrowed": { level: "major", title: "type narrowed or changed" },
  "enum-narrowed": { level: "major", title: "enum values removed" },
  "type-widened": { level: "minor", title: "type widened" },
  "enum-widened": { level: "minor", title: "enum values added" },
  "constraint-tightened": { level: "major", title: "format, pattern or bound added or changed" },
  "constraint-loosened": { level: "minor", title: "format, pattern or bound removed" },
  // Access
  "auth-changed": { level: "major", title: "auth scheme changed" },
  "server-changed": { level: "major", title: "server changed" },
  "server-added": { level: "minor", title: "server added" },
  // Words only
  "docs-changed": { level: "patch", title: "descriptions or examples changed" },
  // A structural change no rule above names: treated as breaking until a rule says otherwise.
  "unclassified-change": { level: "major", title: "other change (no rule matched; treated as breaking)" },
} as const satisfies Record<string, { level: ChangeLevel; title: string }>;

export type ChangeKind = keyof typeof CHANGE_RULES;

export interface SpecChange {
  kind: ChangeKind;
  level: ChangeLevel;
  /** The operation (`POST /v3/…`) or `spec` for document-wide changes. */
  where: string;
  /** What changed, in a sentence fragment: `path /a/{id} → /b/{id}`. */
  detail: string;
}

export function change(kind: ChangeKind, where: string, detail: string): SpecChange {
  return { kind, level: CHANGE_RULES[kind].level, where, detail };
}

const ORDER: readonly ChangeLevel[] = ["patch", "minor", "major"];

/** The highest level among the changes, or undefined when there are none. */
export function highestLevel(changes: readonly SpecChange[]): ChangeLevel | undefined {
  let highest: ChangeLevel | undefined;
  for (const { level } of changes) if (!highest || ORDER.indexOf(level) > ORDER.indexOf(highest)) highest = level;
  return highest;
}

/** Strict semver: a breaking change bumps major even before 1.0.0. */
export function bumpVersion(version: string, level: ChangeLevel | undefined): string {
  if (!level) return version;
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`not a plain semver version: ${version}`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (level === "major") return `${major + 1}.0.0`;
  if (level === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
