import { fromPointer, toPointer } from "../errors.js";

/**
 * The first local `$ref` in the bundled document that names nothing, looked up by own properties
 * only: Redocly's resolver reads `#/components/schemas/__proto__` (or `…/constructor`) through the
 * prototype chain, finds Object.prototype's member and lets a dangling reference through.
 */
export function danglingLocalRef(document: unknown): { pointer: string; ref: string } | undefined {
  const stack: [unknown, (string | number)[]][] = [[document, []]];
  while (stack.length > 0) {
    const [node, at] = stack.pop() as [unknown, (string | number)[]];
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) stack.push([item, [...at, index]]);
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === "string" && ref.startsWith("#") && !resolves(document, ref)) return { pointer: toPointer([...at, "$ref"]), ref };
    for (const key of Object.keys(node)) stack.push([(node as Record<string, unknown>)[key], [...at, key]]);
  }
  return undefined;
}

function resolves(document: unknown, ref: string): boolean {
  let current: unknown = document;
  for (const segment of fromPointer(ref)) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<string, unknown>)[segment];
  }
  return true;
}
