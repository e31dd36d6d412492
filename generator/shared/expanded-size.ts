/**
 * How big a document really is once expanded, counted with a budget so that a bomb is refused
 * without ever being built. YAML aliases share one object many times (an anchor used 99 times
 * turns 4.5 MB into 450 MB of JSON); `$ref`s followed the way a mock server inlines them multiply
 * too (ten references to a schema with ten references of its own, eight deep, is 10^8 nodes).
 */

/** JSON bytes of the value as written, each shared object counted every time it appears; stops past `limit`. */
export function expandedBytes(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const node = stack.pop();
    if (typeof node === "string") total += node.length + 2;
    else if (node === null || typeof node !== "object") total += String(node).length;
    else if (Array.isArray(node)) {
      total += 2 + node.length;
      for (const item of node) stack.push(item);
    } else {
      total += 2;
      for (const key of Object.keys(node)) {
        total += key.length + 4;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}

/**
 * Nodes of the document with every local `$ref` replaced by what it names, as a dereferencing mock
 * server builds it; a reference back into its own chain (a recursive schema) counts once. Stops
 * past `limit`.
 */
export function inlinedNodes(document: unknown, limit: number): number {
  let total = 0;
  const stack: [unknown, readonly string[]][] = [[document, []]];
  while (stack.length > 0 && total <= limit) {
    const [node, chain] = stack.pop() as [unknown, readonly string[]];
    total += 1;
    if (node === null || typeof node !== "object") continue;
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === "string" && ref.startsWith("#")) {
      if (!chain.includes(ref)) stack.push([resolve(document, ref), [...chain, ref]]);
      continue;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, chain]);
  }
  return total;
}

function resolve(document: unknown, ref: string): unknown {
  let current = document;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
