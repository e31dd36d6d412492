/**
 * Every kind of change the spec diff reports, and what it does to the package version. One row per
 * kind: the level is a decision about the generated client (would code written against the old
 * client still compile and behave?), not about the HTTP API alone.
 *
 * Schema kinds depend on the side they are seen from. The client *writes* request values, so a
 * narrower request schema refuses what it used to send (major) and a wider one is harmless
 * (minor). It *reads* response values, so a wider response schema hands it a case it never
 * handled (an exhaustive `switch` over an enum, a field read without a null check: major) and a
 * narrower one only promises more (minor). Those rows give a level per direction.
 */
export type ChangeLevel = "major" | "minor" | "patch";
export type Direction = "request" | "response";

type Level = ChangeLevel | Readonly<Record<Direction, ChangeLevel>>;

interface Rule {
  level: Level;
  title: string;
  /** How the CHANGELOG counts many of them: `66 operations added`. */
  plural?: string;
}

const widening = { request: "minor", response: "major" } as const;
const narrowing = { request: "major", response: "minor" } as const;

export const CHANGE_RULES = {
  // Operations: the client's methods.
  "operation-added": { level: "minor", title: "operation added", plural: "operations added" },
  "operation-removed": { level: "major", title: "operation removed", plural: "operations removed" },
  "operation-path-changed": { level: "major", title: "path changed" },
  "operation-method-changed": { level: "major", title: "method changed" },
  "operation-renamed": { level: "major", title: "operationId changed (the client method is renamed)" },
  // Deprecation is a warning in the editor; code still compiles and runs.
  deprecated: { level: "minor", title: "deprecated", plural: "deprecations" },
  undeprecated: { level: "minor", title: "no longer deprecated" },

  // Parameters: the fields of a method's input.
  "required-parameter-added": { level: "major", title: "required parameter added" },
  "optional-parameter-added": { level: "minor", title: "optional parameter added", plural: "optional parameters added" },
  // The client's input object loses the field: an object literal that still passes it no longer compiles.
  "parameter-removed": { level: "major", title: "parameter removed" },
  "parameter-moved": { level: "major", title: "parameter moved to another location" },
  // A path parameter is an input field named after it.
  "parameter-renamed": { level: "major", title: "path parameter renamed" },
  "parameter-now-required": { level: "major", title: "parameter became required" },
  "parameter-now-optional": { level: "minor", title: "parameter became optional" },
  // style, explode, allowReserved or the content type: the server now expects another wire form.
  "parameter-serialization-changed": { level: "major", title: "parameter serialization changed" },

  // Request body.
  "request-body-added": { level: "major", title: "required request body added" },
  "optional-request-body-added": { level: "minor", title: "optional request body added" },
  "request-body-removed": { level: "major", title: "request body removed" },
  "request-body-now-required": { level: "major", title: "request body became required" },
  "request-body-now-optional": { level: "minor", title: "request body became optional" },
  // Media types of a body, either side.
  "media-type-added": { level: "minor", title: "media type added" },
  "media-type-removed": { level: "major", title: "media type removed" },
  // One JSON media type for another (application/json → application/problem+json): the generated
  // client sends and parses whichever JSON type the spec names, so code using it sees no difference.
  "media-type-renamed": { level: "minor", title: "JSON media type renamed" },

  // Responses.
  // openapi-fetch's `data` is the union of every 2xx body: a success status with a body shape the
  // operation never returned is one more case for the caller.
  "success-response-added": { level: "major", title: "success response with a new body added" },
  // The server answers with another status than the one the client was written for.
  "success-response-removed": { level: "major", title: "success response removed" },
  // Error statuses, or a success status whose body the client already handles. Errors are read
  // defensively (any status can arrive), so they never make a client exhaustive.
  "response-added": { level: "minor", title: "response added", plural: "responses added" },
  "response-removed": { level: "minor", title: "error response removed" },
  "response-header-added": { level: "minor", title: "response header added" },
  "response-header-removed": { level: "major", title: "response header removed" },
  "response-header-now-optional": { level: "major", title: "response header became optional" },
  "response-header-now-required": { level: "minor", title: "response header became required" },

  // Schemas, by side.
  "type-widened": { level: widening, title: "type widened" },
  "type-narrowed": { level: narrowing, title: "type narrowed" },
  "type-changed": { level: "major", title: "type changed" },
  "nullable-added": { level: widening, title: "became nullable" },
  "nullable-removed": { level: narrowing, title: "no longer nullable" },
  "enum-value-added": { level: widening, title: "enum value added" },
  "enum-value-removed": { level: narrowing, title: "enum value removed" },
  "enum-added": { level: narrowing, title: "restricted to an enum" },
  "enum-removed": { level: widening, title: "enum restriction removed" },
  // format, pattern, bounds, lengths, counts, additionalProperties, not/if/…: any keyword that only
  // ever refuses values (JSON Schema validation is a conjunction, so adding one narrows).
  "constraint-tightened": { level: narrowing, title: "constraint tightened" },
  "constraint-loosened": { level: widening, title: "constraint loosened" },
  // A pattern or format replaced by an unrelated one: some values gained, some lost.
  "constraint-changed": { level: "major", title: "constraint replaced" },
  "property-added": { level: "minor", title: "optional field added", plural: "optional fields added" },
  "required-property-added": { level: narrowing, title: "required field added" },
  // Request: an object literal passing it no longer compiles. Response: code reading it no longer compiles.
  "property-removed": { level: "major", title: "field removed" },
  "property-now-required": { level: narrowing, title: "field became required" },
  // Response: `data.field` may now be undefined where the old type said it was always there.
  "property-now-optional": { level: widening, title: "field became optional" },
  // openapi-typescript types oneOf and anyOf alike, as a union.
  "one-of-branch-added": { level: widening, title: "oneOf/anyOf variant added" },
  "one-of-branch-removed": { level: narrowing, title: "oneOf/anyOf variant removed" },
  // An allOf part that could not be merged is one more condition every value must meet.
  "all-of-part-added": { level: narrowing, title: "allOf part added" },
  "all-of-part-removed": { level: widening, title: "allOf part removed" },
  // Defaults. Request side: the default is what the server does when the client leaves the field
  // out, so changing or dropping it changes what existing calls do (major, although oasdiff files
  // it as a warning or info: no compile error, but a silent change of behaviour is worse). Adding
  // one documents what omission already meant (minor). Response side: openapi-typescript
  // (defaultNonNullable) types a field with a default as always present, so adding one narrows
  // (minor), dropping one makes the field optional in the type (major), and a changed value is
  // words for the reader (patch).
  "default-added": { level: "minor", title: "default value added" },
  "default-changed": { level: { request: "major", response: "patch" }, title: "default value changed" },
  "default-removed": { level: "major", title: "default value removed" },
  // openapi-typescript tags each variant with the discriminator's value: a request must now carry
  // the tag; a response switch that narrowed on it no longer does.
  "discriminator-added": { level: narrowing, title: "discriminator added" },
  "discriminator-removed": { level: widening, title: "discriminator removed" },
  "discriminator-changed": { level: "major", title: "discriminator changed" },
  // readOnly on a request field or writeOnly on a response field: the value no longer travels.
  "property-hidden": { level: "major", title: "field became readOnly/writeOnly" },
  "property-unhidden": { level: "minor", title: "field no longer readOnly/writeOnly" },

  // Access.
  // A way the client authenticated no longer works (scheme, location, name, scopes, the option
  // name the client's `auth` takes), or auth is required where it was not.
  "auth-changed": { level: "major", title: "auth changed" },
  "auth-relaxed": { level: "minor", title: "auth relaxed (another way accepted, or fewer scopes)" },
  // The client's default base URL is the first server: its URL or variables changed.
  "server-changed": { level: "major", title: "default server changed" },
  "server-removed": { level: "major", title: "server removed" },
  "server-added": { level: "minor", title: "server added" },

  // Words only.
  "docs-changed": {
    level: "patch",
    title: "descriptions, examples or annotations changed",
    plural: "documentation changes",
  },

  // A structural change no rule above names: treated as breaking until a rule says otherwise.
  "unclassified-change": { level: "major", title: "unclassified change (no rule matched; treated as breaking)" },
} as const satisfies Record<string, Rule>;

export type ChangeKind = keyof typeof CHANGE_RULES;

export interface SpecChange {
  kind: ChangeKind;
  level: ChangeLevel;
  /** The operation (`POST /v3/…`) or `spec` for document-wide changes. */
  where: string;
  /** What changed, in a sentence fragment: `path /a/{id} → /b/{id}`. */
  detail: string;
  /** The client method it concerns (the operationId), for the CHANGELOG's grouped lines. */
  name?: string;
}

/** The level a kind has on the given side; a direction-dependent kind needs the side. */
export function levelOf(kind: ChangeKind, direction?: Direction): ChangeLevel {
  const level: Level = CHANGE_RULES[kind].level;
  if (typeof level === "string") return level;
  if (!direction) throw new Error(`the level of ${kind} depends on the side (request or response)`);
  return level[direction];
}

export function change(kind: ChangeKind, where: string, detail: string, direction?: Direction): SpecChange {
  return { kind, level: levelOf(kind, direction), where, detail };
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
