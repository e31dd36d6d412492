import { SpecError, toPointer } from "../errors.js";
import type { OperationSelection } from "../load/manifest.js";
import { deref, isObject, type JsonObject } from "../model/deref.js";
import { setOwn } from "../shared/own.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** OpenAPI 3.2's other operations: the QUERY method and `additionalOperations` (LINK, PURGE, …). */
const METHODS_3_2 = ["query", "additionalOperations"] as const;

export interface SelectionInput {
  /** The bundled document (local `$ref`s only). Not changed. */
  document: JsonObject;
  selection: OperationSelection;
  stopOperationId: string;
  manifestFile: string;
  /** The spec's file, for messages about constructs the package cannot carry. */
  specFile: string;
}

export interface Selection {
  document: JsonObject;
  /** Operations in the whole document, carried or not. */
  totalOperations: number;
}

/**
 * The bundled document reduced to the operations a package carries: the stop operation and the
 * manifest's selection, with `components` pruned to what those operations reach. The package's
 * types, its client, its release baseline and the mock server all read this, so a provider whose
 * upstream is its whole API (hundreds of operations, megabytes) still yields a small package and a
 * mock server that starts in seconds. `all` returns the document itself.
 */
export function selectOperations({ document, selection, stopOperationId, manifestFile, specFile }: SelectionInput): Selection {
  const paths = isObject(document.paths) ? document.paths : {};
  let stopFound = false;
  let totalOperations = 0;
  const keptPaths: JsonObject = {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(document, rawItem);
    const kept: JsonObject = {};
    let any = false;
    for (const [key, value] of Object.entries(item)) {
      if ((METHODS_3_2 as readonly string[]).includes(key)) {
        // Neither openapi-typescript nor openapi-fetch knows these: refuse them when selected, never drop them silently.
        const operations = key === "query" ? [["query", value]] : Object.entries(isObject(value) ? value : {});
        totalOperations += operations.length;
        for (const [method, operation] of operations) {
          if (!isObject(operation)) continue;
          stopFound ||= operation.operationId === stopOperationId;
          if (operation.operationId === stopOperationId || selection === "all" || matches(selection, path, operation)) {
            const pointer = toPointer(key === "query" ? ["paths", path, "query"] : ["paths", path, "additionalOperations", String(method)]);
            throw new SpecError(
              { file: specFile, pointer },
              `OpenAPI 3.2 ${key === "query" ? "QUERY operation" : `additional operation ${String(method)}`} ${JSON.stringify(operation.operationId ?? "")} cannot be generated (openapi-typescript and openapi-fetch support the eight classic methods only); leave it out of the manifest's \`operations\` selection`,
            );
          }
        }
        continue;
      }
      const isOperation = (METHODS as readonly string[]).includes(key) && isObject(value);
      if (!isOperation) {
        setOwn(kept, key, value);
        continue;
      }
      totalOperations++;
      const operation = value as JsonObject;
      const isStop = operation.operationId === stopOperationId;
      stopFound ||= isStop;
      if (isStop || selection === "all" || matches(selection, path, operation)) {
        refuseQuerystring(document, item, operation, path, key, specFile);
        kept[key] = operation;
        any = true;
      }
    }
    if (any) keptPaths[path] = kept;
  }
  if (!stopFound) {
    const known = Object.values(paths).flatMap((item) =>
      METHODS.map((method) => deref(document, item)[method]).flatMap((operation) =>
        isObject(operation) && typeof operation.operationId === "string" ? [operation.operationId] : [],
      ),
    );
    const list = known.length > 12 ? `${known.slice(0, 12).join(", ")} and ${known.length - 12} more` : known.join(", ");
    throw new SpecError(
      { file: manifestFile, pointer: "#/stopSession/operationId" },
      `stop-session operation ${JSON.stringify(stopOperationId)} is not in the spec (operations: ${list || "none"})`,
    );
  }
  if (selection === "all") return { document: inlineRefsOutsideComponents(document, document, specFile), totalOperations };
  const reduced: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === "webhooks" || key === "components") continue;
    reduced[key] = key === "paths" ? inlineRefsOutsideComponents(document, keptPaths, specFile) : value;
  }
  if (isObject(document.components)) reduced.components = inlineRefsOutsideComponents(document, pruneComponents(document, reduced), specFile);
  // Keep the document's own key order: components where it was.
  const ordered = Object.fromEntries(
    Object.keys(document)
      .filter((key) => key in reduced)
      .map((key) => [key, reduced[key]]),
  );
  return { document: ordered, totalOperations };
}

/** OpenAPI 3.2's `in: querystring` (the whole query as one schema-described value) has no client support. */
function refuseQuerystring(document: JsonObject, item: JsonObject, operation: JsonObject, path: string, method: string, specFile: string): void {
  const lists: [unknown, (string | number)[]][] = [
    [item.parameters, ["paths", path, "parameters"]],
    [operation.parameters, ["paths", path, method, "parameters"]],
  ];
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [i, raw] of list.entries()) {
      if (deref(document, raw).in !== "querystring") continue;
      throw new SpecError(
        { file: specFile, pointer: toPointer([...at, i]) },
        `OpenAPI 3.2 \`in: querystring\` parameter of ${method.toUpperCase()} ${path} cannot be generated (openapi-fetch sends query parameters one by one); leave the operation out of the manifest's \`operations\` selection`,
      );
    }
  }
}

function matches(selection: OperationSelection, path: string, operation: JsonObject): boolean {
  if (selection === "stop" || selection === "all") return selection === "all";
  if (selection.operationIds?.includes(String(operation.operationId))) return true;
  if (selection.pathPrefixes?.some((prefix) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`))) return true;
  const tags = Array.isArray(operation.tags) ? operation.tags.map(String) : [];
  return selection.tags?.some((tag) => tags.includes(tag)) ?? false;
}

/** Components reachable from the kept document by `$ref`, and the security schemes its operations name. */
function pruneComponents(document: JsonObject, reduced: JsonObject): JsonObject {
  const components = document.components as JsonObject;
  const reachable = new Set<string>();
  const queue: unknown[] = [reduced];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) {
      for (const item of node) queue.push(item);
    } else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/") && !reachable.has(value)) {
          // A ref elsewhere (into paths) is inlined later: what its target reaches is kept too.
          reachable.add(value);
          // A ref into a component (`#/components/responses/Error/content/…/schema`) keeps that whole component.
          const component = componentOf(value);
          if (component) reachable.add(component);
          queue.push(resolvePointer(document, value));
        } else if (typeof value === "object" && value !== null) {
          queue.push(value);
        }
      }
    }
  }
  const schemes = new Set<string>();
  const collectSecurity = (security: unknown) => {
    if (Array.isArray(security)) for (const requirement of security) if (isObject(requirement)) for (const name of Object.keys(requirement)) schemes.add(name);
  };
  collectSecurity(reduced.security);
  for (const item of Object.values(reduced.paths as JsonObject)) {
    for (const method of METHODS) if (isObject((item as JsonObject)[method])) collectSecurity(((item as JsonObject)[method] as JsonObject).security);
  }
  const pruned: JsonObject = {};
  for (const [section, entries] of Object.entries(components)) {
    if (!isObject(entries)) {
      pruned[section] = entries;
      continue;
    }
    const kept = Object.fromEntries(
      Object.entries(entries).filter(([name]) =>
        section === "securitySchemes" ? schemes.has(name) : reachable.has(`#/components/${section}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`),
      ),
    );
    if (Object.keys(kept).length > 0 || Object.keys(entries).length === 0) pruned[section] = kept;
  }
  return pruned;
}

/** The component a local ref names or points into (`#/components/schemas/User`), if any. */
function componentOf(ref: string): string | undefined {
  return /^#\/components\/[^/]+\/[^/]+/.exec(ref)?.[0];
}

/**
 * A `$ref` to anything but a whole component is replaced by what it names: one into paths
 * (`#/paths/~1/get/responses/406`, common in specs converted from Swagger 2) may name an operation
 * the selection dropped, and one into part of a component makes openapi-typescript write a type
 * that does not compile. Returns `node` itself when it holds none (the usual case), else a copy; a
 * ref that names nothing or itself is a SpecError.
 */
function inlineRefsOutsideComponents<T>(document: JsonObject, node: T, specFile: string): T {
  const outside = (value: unknown): value is string => typeof value === "string" && value.startsWith("#/") && componentOf(value) !== value;
  const holdsOne = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(holdsOne);
    if (!isObject(value)) return false;
    return Object.entries(value).some(([key, inner]) => (key === "$ref" && outside(inner)) || (typeof inner === "object" && holdsOne(inner)));
  };
  if (!holdsOne(node)) return node;
  const inline = (value: unknown, chain: readonly string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => inline(item, chain));
    if (!isObject(value)) return value;
    if (outside(value.$ref)) {
      const ref = value.$ref;
      const target = resolvePointer(document, ref);
      if (target === undefined || chain.includes(ref)) {
        throw new SpecError(
          { file: specFile, pointer: ref },
          `$ref ${JSON.stringify(ref)} ${target === undefined ? "names nothing in the spec" : "refers to itself"}`,
        );
      }
      return inline(target, [...chain, ref]);
    }
    const copy: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) setOwn(copy, key, inline(inner, chain));
    return copy;
  };
  return inline(node, []) as T;
}

function resolvePointer(document: JsonObject, ref: string): unknown {
  let at: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    at = isObject(at) || Array.isArray(at) ? (at as JsonObject)[key] : undefined;
  }
  return at;
}
