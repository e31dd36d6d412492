import { deref, isObject } from "../model/deref.js";
import { type ChangeKind, change, type SpecChange } from "./rules.js";

type Json = Record<string, unknown>;

/** Request schemas are written by the client; response schemas are read by it. */
export type Direction = "request" | "response";

const MAX_DEPTH = 8;
const CONSTRAINTS = [
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
] as const;

/** Follows local `$ref`s of a bundled document (the model's `deref`); undefined for a non-object. */
export function resolver(document: Json): (schema: unknown) => Json | undefined {
  return (schema) => (isObject(schema) ? deref(document, schema) : undefined);
}

export interface SchemaDiffContext {
  before: (schema: unknown) => Json | undefined;
  after: (schema: unknown) => Json | undefined;
  where: string;
  direction: Direction;
  /** How a change to the schema itself is introduced: `parameter`, or the direction (a body). */
  subject?: string;
}

/**
 * Compares two schemas field by field, down to MAX_DEPTH (recursive schemas stop there). `at` is
 * the dotted path of the field inside the body (`data.session_id`, `detail[]`).
 */
export function diffSchemas(context: SchemaDiffContext, beforeRaw: unknown, afterRaw: unknown, at: string, depth = 0): SpecChange[] {
  const before = context.before(beforeRaw);
  const after = context.after(afterRaw);
  if (!before || !after || depth > MAX_DEPTH) return [];
  const changes: SpecChange[] = [];
  const label = at === "" ? "the body" : `\`${at}\``;
  const add = (kind: ChangeKind, detail: string) => changes.push(change(kind, context.where, `${context.subject ?? context.direction} ${label}: ${detail}`));

  const typesBefore = types(before);
  const typesAfter = types(after);
  if (typesBefore && typesAfter) {
    const lost = [...typesBefore].filter((type) => !typesAfter.has(type) && !(type === "integer" && typesAfter.has("number")));
    const gained = [...typesAfter].filter((type) => !typesBefore.has(type));
    if (lost.length > 0) add("type-narrowed", `type ${[...typesBefore].join("|")} → ${[...typesAfter].join("|")}`);
    else if (gained.length > 0) add("type-widened", `type ${[...typesBefore].join("|")} → ${[...typesAfter].join("|")}`);
  }

  const enumBefore = Array.isArray(before.enum) ? before.enum.map((value) => JSON.stringify(value)) : undefined;
  const enumAfter = Array.isArray(after.enum) ? after.enum.map((value) => JSON.stringify(value)) : undefined;
  if (enumAfter && !enumBefore) add("enum-narrowed", `now limited to ${enumAfter.join(", ")}`);
  if (enumBefore && enumAfter) {
    const removed = enumBefore.filter((value) => !enumAfter.includes(value));
    const added = enumAfter.filter((value) => !enumBefore.includes(value));
    if (removed.length > 0) add("enum-narrowed", `values removed: ${removed.join(", ")}`);
    if (added.length > 0) add("enum-widened", `values added: ${added.join(", ")}`);
  }

  for (const keyword of CONSTRAINTS) {
    const [was, now] = [before[keyword], after[keyword]];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    // Only requests are refused by a tighter constraint; a response's is documentation for the reader.
    if (context.direction === "response") continue;
    if (now === undefined) add("constraint-loosened", `${keyword} ${JSON.stringify(was)} removed`);
    else add("constraint-tightened", `${keyword} ${was === undefined ? "" : `${JSON.stringify(was)} → `}${JSON.stringify(now)}`);
  }

  const propsBefore = isObject(before.properties) ? before.properties : {};
  const propsAfter = isObject(after.properties) ? after.properties : {};
  const requiredAfter = new Set(Array.isArray(after.required) ? after.required : []);
  const requiredBefore = new Set(Array.isArray(before.required) ? before.required : []);
  const field = (name: string) => (at === "" ? name : `${at}.${name}`);
  for (const name of Object.keys(propsBefore)) {
    if (!(name in propsAfter)) {
      changes.push(
        change(
          context.direction === "request" ? "body-field-removed" : "response-field-removed",
          context.where,
          `${context.direction} field \`${field(name)}\` removed`,
        ),
      );
    } else {
      changes.push(...diffSchemas(context, propsBefore[name], propsAfter[name], field(name), depth + 1));
    }
  }
  for (const name of Object.keys(propsAfter)) {
    if (name in propsBefore) {
      if (context.direction === "request" && requiredAfter.has(name) && !requiredBefore.has(name)) {
        changes.push(change("required-body-field-added", context.where, `request field \`${field(name)}\` became required`));
      }
      continue;
    }
    if (context.direction === "response") changes.push(change("response-field-added", context.where, `response field \`${field(name)}\` added`));
    else if (requiredAfter.has(name)) changes.push(change("required-body-field-added", context.where, `request field \`${field(name)}\` added, required`));
    else changes.push(change("optional-body-field-added", context.where, `request field \`${field(name)}\` added`));
  }

  if (before.items !== undefined && after.items !== undefined) changes.push(...diffSchemas(context, before.items, after.items, `${at}[]`, depth + 1));
  return changes;
}

/** The schema's types as a set; OpenAPI 3.0's `nullable` counts as the type `null`. */
function types(schema: Json): Set<string> | undefined {
  const declared = Array.isArray(schema.type) ? schema.type : typeof schema.type === "string" ? [schema.type] : undefined;
  if (!declared) return undefined;
  const set = new Set(declared.map(String));
  if (schema.nullable === true) set.add("null");
  return set;
}
