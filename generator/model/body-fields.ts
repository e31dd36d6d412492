import { deref, isObject, type JsonObject } from "./deref.js";

/** How deep field paths go: deep enough for HeyGen's `data.session_id` and `error.code`. */
const MAX_DEPTH = 3;

/**
 * The property paths a JSON body schema declares, e.g. `data`, `data.session_id`,
 * `detail[].type`: what a conformance check needs to know whether a response echoes the session
 * or carries a machine-readable error code. `allOf`/`anyOf`/`oneOf` branches are merged; recursion
 * (Foundry's `OpenAI.Error.details`) stops at MAX_DEPTH.
 */
export function bodyFieldsOf(document: JsonObject, schema: unknown): string[] {
  const fields = new Set<string>();
  collect(document, schema, "", 0, fields);
  return [...fields].sort();
}

function collect(document: JsonObject, raw: unknown, prefix: string, depth: number, into: Set<string>): void {
  if (depth >= MAX_DEPTH) return;
  const schema = deref(document, raw);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) collect(document, branch, prefix, depth, into);
  }
  if (schema.items !== undefined) collect(document, schema.items, `${prefix}[]`, depth, into);
  if (!isObject(schema.properties)) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    into.add(path);
    collect(document, property, path, depth + 1, into);
  }
}
