import { SpecError, toPointer } from "../errors.js";
import { type PathMatch, type PathSegment, parseJsonPath, queryJsonPath } from "./json-path.js";

/**
 * Applies an OpenAPI Overlay 1.0 document in place: each action's target selects nodes; `update`
 * deep-merges into objects (and appends to arrays), `remove: true` deletes them. A target that
 * selects nothing is an error, not a silent no-op: it means upstream changed under our fix.
 *
 * Returns the JSON pointers (`#/servers/0`, `#/paths/~1a/post/operationId`) of every node an action
 * added, replaced or removed, in action order, so the conformance matrix can tell the provider's
 * spec from agentstop's fixes. A merge reports the deepest members it set, not the object merged into.
 */
export function applyOverlay(document: Record<string, unknown>, overlay: unknown, file: string, lineOf: (pointer: string) => number | undefined): string[] {
  const changed: string[] = [];
  if (!isObject(overlay) || typeof overlay.overlay !== "string" || !overlay.overlay.startsWith("1.")) {
    throw new SpecError({ file, pointer: "#/overlay", line: lineOf("#/overlay") }, "not an OpenAPI Overlay 1.x document (missing `overlay: 1.0.0`)");
  }
  const actions = overlay.actions ?? [];
  if (!Array.isArray(actions)) throw new SpecError({ file, pointer: "#/actions" }, "`actions` must be a list");
  for (const [i, action] of actions.entries()) {
    const pointer = `#/actions/${i}`;
    const place = { file, pointer, line: lineOf(pointer) };
    if (!isObject(action) || typeof action.target !== "string") throw new SpecError(place, "each action needs a `target` JSONPath");
    let segments: ReturnType<typeof parseJsonPath>;
    try {
      segments = parseJsonPath(action.target);
    } catch (cause) {
      throw new SpecError(place, (cause as Error).message);
    }
    const matches = selectWithPaths(document, segments);
    if (matches.length === 0) throw new SpecError(place, `target ${action.target} selects nothing in the spec; update or remove this fix`);
    for (const { match, at } of matches) {
      if (action.remove === true) {
        if (Array.isArray(match.parent) && typeof match.key === "number") match.parent.splice(match.key, 1);
        else if (isObject(match.parent) && typeof match.key === "string") delete match.parent[match.key];
        else throw new SpecError(place, "cannot remove the document root");
        changed.push(toPointer(at));
      } else if (action.update !== undefined) {
        if (Array.isArray(match.value)) {
          changed.push(toPointer([...at, match.value.length]));
          match.value.push(structuredClone(action.update));
        } else if (isObject(match.value) && isObject(action.update)) deepMerge(match.value, action.update, at, changed);
        else throw new SpecError(place, "`update` must be an object merged into an object, or an item appended to a list");
      }
    }
  }
  return [...new Set(changed)];
}

/** The nodes a target selects, each with its path from the root (for the pointers applyOverlay returns). */
function selectWithPaths(document: unknown, segments: readonly PathSegment[]): { match: PathMatch; at: (string | number)[] }[] {
  let selected: { match: PathMatch; at: (string | number)[] }[] = [{ match: { value: document, parent: undefined, key: undefined }, at: [] }];
  for (const segment of segments) {
    selected = selected.flatMap(({ match, at }) =>
      queryJsonPath(match.value, [segment]).map((next) => ({ match: next, at: next.key === undefined ? at : [...at, next.key] })),
    );
  }
  return selected;
}

function deepMerge(target: Record<string, unknown>, update: Record<string, unknown>, at: readonly (string | number)[], changed: string[]): void {
  for (const [key, value] of Object.entries(update)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const current = target[key];
    if (isObject(current) && isObject(value)) deepMerge(current, value, [...at, key], changed);
    else {
      target[key] = structuredClone(value);
      changed.push(toPointer([...at, key]));
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
