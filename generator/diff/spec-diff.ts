import { isObject } from "../model/deref.js";
import { change, type SpecChange } from "./rules.js";
import { diffSchemas, resolver } from "./schema-diff.js";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Operation {
  key: string;
  method: string;
  path: string;
  operationId: string | undefined;
  operation: Json;
  parameters: Json[];
}

interface Sides {
  before: Json;
  after: Json;
  resolveBefore: (value: unknown) => Json | undefined;
  resolveAfter: (value: unknown) => Json | undefined;
}

/**
 * What changed between two bundled specs, operation by operation, each change classified by
 * rules.ts. Pure: both documents are read, never changed.
 */
export function diffSpecs(before: Json, after: Json): SpecChange[] {
  const sides: Sides = { before, after, resolveBefore: resolver(before), resolveAfter: resolver(after) };
  const changes: SpecChange[] = [...diffServers(before, after)];
  const oldOps = operations(before, sides.resolveBefore);
  const newOps = operations(after, sides.resolveAfter);
  const unmatchedNew = new Map([...newOps].filter(([key]) => !oldOps.has(key)));
  for (const [key, old] of oldOps) {
    let current = newOps.get(key);
    if (!current) {
      // The same operationId elsewhere is a move (HeyGen's path change), not a removal plus an addition.
      current = [...unmatchedNew.values()].find((candidate) => old.operationId !== undefined && candidate.operationId === old.operationId);
      if (!current) {
        changes.push(change("operation-removed", key, `${key} removed`));
        continue;
      }
      unmatchedNew.delete(current.key);
      if (current.path !== old.path) changes.push(change("operation-path-changed", key, `path ${old.path} → ${current.path}`));
      if (current.method !== old.method)
        changes.push(change("operation-method-changed", key, `method ${old.method.toUpperCase()} → ${current.method.toUpperCase()}`));
    }
    changes.push(...diffOperation(sides, old, current));
  }
  for (const added of unmatchedNew.values())
    changes.push(change("operation-added", added.key, `${added.key} added${added.operationId ? ` (${added.operationId})` : ""}`));
  if (changes.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) {
    // `info` (title, version, contact) is metadata: a new info.version alone is a patch.
    // Refs are inlined first, so moving a schema into components (or out) is no change at all.
    const shape = ({ info: _, components: __, ...rest }: Json, document: Json) => JSON.stringify(withoutWords(inlineRefs(rest, document, [])));
    const wordsOnly = shape(before, before) === shape(after, after) && JSON.stringify(schemesOf(before)) === JSON.stringify(schemesOf(after));
    changes.push(change(wordsOnly ? "docs-changed" : "unclassified-change", "spec", describeChangedPlaces(before, after, wordsOnly)));
  }
  return changes;
}

function operations(document: Json, resolve: (value: unknown) => Json | undefined): Map<string, Operation> {
  const found = new Map<string, Operation>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(rawItem) ?? {};
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = resolve(item[method]);
      if (!operation) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      // Operation-level parameters override path-level ones with the same name and location.
      const byKey = new Map<string, Json>();
      for (const raw of [...shared, ...own]) {
        const parameter = resolve(raw);
        if (parameter) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const key = `${method.toUpperCase()} ${path}`;
      const operationId = typeof operation.operationId === "string" ? operation.operationId : undefined;
      found.set(key, { key, method, path, operationId, operation, parameters: [...byKey.values()] });
    }
  }
  return found;
}

function diffOperation(sides: Sides, old: Operation, current: Operation): SpecChange[] {
  const where = current.key;
  const changes: SpecChange[] = [];
  if (old.operationId !== current.operationId)
    changes.push(change("operation-renamed", where, `operationId ${old.operationId ?? "(none)"} → ${current.operationId ?? "(none)"}`));
  if (current.operation.deprecated === true && old.operation.deprecated !== true) changes.push(change("deprecated", where, "the operation is now deprecated"));
  changes.push(...diffParameters(sides, old, current, where));
  changes.push(...diffRequestBody(sides, old.operation, current.operation, where));
  changes.push(...diffResponses(sides, old.operation, current.operation, where));
  const before = securityOf(sides.before, old.operation, sides.resolveBefore);
  const after = securityOf(sides.after, current.operation, sides.resolveAfter);
  if (before !== after) changes.push(change("auth-changed", where, `auth ${before || "none"} → ${after || "none"}`));
  return changes;
}

function diffParameters(sides: Sides, old: Operation, current: Operation, where: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const key = (parameter: Json) => `${parameter.in}:${parameter.name}`;
  const afterByKey = new Map(current.parameters.map((parameter) => [key(parameter), parameter]));
  const beforeByKey = new Map(old.parameters.map((parameter) => [key(parameter), parameter]));
  const context = { before: sides.resolveBefore, after: sides.resolveAfter, where, direction: "request" as const };
  for (const parameter of old.parameters) {
    const name = String(parameter.name);
    const same = afterByKey.get(key(parameter));
    if (!same) {
      const moved = current.parameters.find((candidate) => candidate.name === parameter.name && !beforeByKey.has(key(candidate)));
      if (moved) changes.push(change("parameter-moved", where, `parameter \`${name}\` moved from ${parameter.in} to ${moved.in}`));
      else changes.push(change("parameter-removed", where, `${parameter.in} parameter \`${name}\` removed`));
      continue;
    }
    if (same.required === true && parameter.required !== true)
      changes.push(change("parameter-now-required", where, `${parameter.in} parameter \`${name}\` became required`));
    if (same.required !== true && parameter.required === true)
      changes.push(change("parameter-now-optional", where, `${parameter.in} parameter \`${name}\` became optional`));
    if (same.deprecated === true && parameter.deprecated !== true)
      changes.push(change("deprecated", where, `${parameter.in} parameter \`${name}\` is now deprecated`));
    changes.push(...diffSchemas({ ...context, subject: "parameter" }, parameter.schema, same.schema, `${parameter.in} ${name}`));
  }
  for (const parameter of current.parameters) {
    if (beforeByKey.has(key(parameter)) || old.parameters.some((candidate) => candidate.name === parameter.name && !afterByKey.has(key(candidate)))) continue;
    const kind = parameter.required === true ? "required-parameter-added" : "optional-parameter-added";
    changes.push(change(kind, where, `${parameter.in} parameter \`${String(parameter.name)}\` added${parameter.required === true ? ", required" : ""}`));
  }
  return changes;
}

function jsonSchemaOf(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const media = Object.entries(content).find(([type]) => type === "application/json" || type.endsWith("+json"))?.[1];
  return isObject(media) ? media.schema : undefined;
}

function diffRequestBody(sides: Sides, old: Json, current: Json, where: string): SpecChange[] {
  const before = sides.resolveBefore(old.requestBody);
  const after = sides.resolveAfter(current.requestBody);
  if (!before && !after) return [];
  if (!before && after) return after.required === true ? [change("request-body-added", where, "a required request body was added")] : [];
  if (before && !after) return [change("request-body-removed", where, "the request body was removed")];
  if (!before || !after) return [];
  const changes: SpecChange[] = [];
  if (after.required === true && before.required !== true) changes.push(change("request-body-now-required", where, "the request body became required"));
  const context = { before: sides.resolveBefore, after: sides.resolveAfter, where, direction: "request" as const };
  changes.push(...diffSchemas(context, jsonSchemaOf(before.content), jsonSchemaOf(after.content), ""));
  return changes;
}

/** Response header names, lower-cased (HTTP header names are case-insensitive). */
function headerNames(response: Json | undefined): string[] {
  return Object.keys(isObject(response?.headers) ? response.headers : {}).map((name) => name.toLowerCase());
}

function diffResponses(sides: Sides, old: Json, current: Json, where: string): SpecChange[] {
  const before = isObject(old.responses) ? old.responses : {};
  const after = isObject(current.responses) ? current.responses : {};
  const changes: SpecChange[] = [];
  const context = { before: sides.resolveBefore, after: sides.resolveAfter, where, direction: "response" as const };
  for (const status of Object.keys(before)) {
    if (!(status in after)) {
      changes.push(change(/^2/.test(status) ? "success-response-removed" : "response-removed", where, `response ${status} removed`));
      continue;
    }
    const [was, now] = [sides.resolveBefore(before[status]), sides.resolveAfter(after[status])];
    const found = diffSchemas(context, jsonSchemaOf(was?.content), jsonSchemaOf(now?.content), "");
    changes.push(...found.map((item) => ({ ...item, detail: `${status}: ${item.detail}` })));
    const headersBefore = headerNames(was);
    const headersAfter = headerNames(now);
    for (const header of headersBefore)
      if (!headersAfter.includes(header)) changes.push(change("response-header-removed", where, `${status}: header ${header} removed`));
    for (const header of headersAfter)
      if (!headersBefore.includes(header)) changes.push(change("response-header-added", where, `${status}: header ${header} added`));
  }
  for (const status of Object.keys(after)) if (!(status in before)) changes.push(change("response-added", where, `response ${status} added`));
  return changes;
}

/** The effective security of an operation with each scheme's definition, as comparable text. */
function securityOf(document: Json, operation: Json, resolve: (value: unknown) => Json | undefined): string {
  const requirements = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  const schemes = isObject(document.components) && isObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
  return requirements
    .filter(isObject)
    .map((requirement) =>
      Object.keys(requirement)
        .sort()
        .map((name) => {
          const scheme = resolve(schemes[name]) ?? {};
          return [scheme.type, scheme.scheme, scheme.in, scheme.name].filter((part) => typeof part === "string").join(" ");
        })
        .join(" + "),
    )
    .sort()
    .join(" | ");
}

function diffServers(before: Json, after: Json): SpecChange[] {
  const urls = (document: Json) => (Array.isArray(document.servers) ? document.servers.filter(isObject).map((server) => String(server.url)) : []);
  const [old, current] = [urls(before), urls(after)];
  const changes: SpecChange[] = [];
  const removed = old.filter((url) => !current.includes(url));
  const added = current.filter((url) => !old.includes(url));
  if (removed.length > 0) changes.push(change("server-changed", "spec", `server ${removed.join(", ")} → ${added.join(", ") || "none"}`));
  else if (added.length > 0) changes.push(change("server-added", "spec", `server ${added.join(", ")} added`));
  return changes;
}

/** Local `$ref`s replaced by what they point at; a ref already being inlined (recursion) stays a ref. */
function inlineRefs(value: unknown, document: Json, stack: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inlineRefs(item, document, stack));
  if (!isObject(value)) return value;
  if (typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    if (stack.includes(value.$ref)) return { $ref: "(recursive)" };
    return inlineRefs(resolver(document)(value), document, [...stack, value.$ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inlineRefs(inner, document, stack)]));
}

function schemesOf(document: Json): unknown {
  return isObject(document.components) ? withoutWords(document.components.securitySchemes) : undefined;
}

/** Keys that carry words for people, not shape: what a patch release may change. */
const WORD_KEYS = new Set(["description", "summary", "example", "examples", "title", "externalDocs", "tags"]);

function withoutWords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWords);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !WORD_KEYS.has(key) && !key.startsWith("x-"))
      .map(([key, inner]) => [key, withoutWords(inner)]),
  );
}

/** Names the top-level places that changed: `info`, a path, `components`. */
function describeChangedPlaces(before: Json, after: Json, wordsOnly: boolean): string {
  const places: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (key === "paths" && isObject(before.paths) && isObject(after.paths)) {
      for (const path of Object.keys(after.paths)) {
        if (JSON.stringify(before.paths[path]) !== JSON.stringify(after.paths[path])) places.push(path);
      }
    } else {
      places.push(key);
    }
  }
  return wordsOnly ? `descriptions, summaries or examples changed in ${places.join(", ")}` : `changed in ${places.join(", ")}`;
}
