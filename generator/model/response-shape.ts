import { deref, isObject, type JsonObject } from "./deref.js";
import type { JsonType, ResponseShape } from "./types.js";

/** How deep a shape follows required properties: enough for `{ error: { code } }`, bounded for recursive schemas. */
const MAX_DEPTH = 4;
const JSON_TYPES: readonly JsonType[] = ["object", "array", "string", "number", "integer", "boolean", "null"];

/**
 * What a documented JSON body must have for the client to type it as documented: its type and its
 * required properties, recursively. Only what every valid body has is kept: `anyOf`/`oneOf`
 * branches and unknown keywords add nothing, `allOf` branches add up. A body that lacks it is an
 * UnexpectedResponse at run time, so `error.error.code` is never read from a body without `error`.
 */
export function responseShapeOf(document: JsonObject, schema: unknown, depth = 0): ResponseShape {
  const resolved = deref(document, schema);
  const shape: ResponseShape = {};
  const types = typesOf(resolved);
  if (types) shape.type = types;
  if (depth >= MAX_DEPTH) return shape;
  const required = new Map<string, ResponseShape>();
  collectRequired(document, resolved, depth, required);
  if (required.size > 0) shape.required = [...required.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shape;
}

function typesOf(schema: JsonObject): JsonType[] | undefined {
  const declared = Array.isArray(schema.type) ? schema.type : typeof schema.type === "string" ? [schema.type] : undefined;
  if (!declared) return undefined;
  const types = declared.filter((type): type is JsonType => JSON_TYPES.includes(type as JsonType));
  if (types.length === 0) return undefined;
  // OpenAPI 3.0's `nullable` adds null; an integer type also takes the numbers JSON writes as 1.0.
  if (schema.nullable === true && !types.includes("null")) types.push("null");
  return [...new Set(types)].sort();
}

function collectRequired(document: JsonObject, schema: JsonObject, depth: number, into: Map<string, ResponseShape>): void {
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) collectRequired(document, deref(document, branch), depth, into);
  }
  if (!Array.isArray(schema.required)) return;
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const name of schema.required) {
    if (typeof name !== "string" || into.has(name)) continue;
    const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
    into.set(name, property === undefined ? {} : responseShapeOf(document, property, depth + 1));
  }
}
