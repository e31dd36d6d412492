/**
 * The subset of JSONPath (RFC 9535) that overlay targets need: `$`, member names (`.name`,
 * `['name']`, `["name"]`), array indexes (`[0]`) and wildcards (`.*`, `[*]`). Filters and
 * recursive descent are refused: overlays come from pull requests, and the JSONPath libraries
 * that implement filters have evaluated them as code.
 */
export type PathSegment = { kind: "member"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

const TOKEN = /^(?:\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

export function parseJsonPath(expression: string): PathSegment[] {
  if (!expression.startsWith("$")) throw new Error(`JSONPath must start with $: ${expression}`);
  const segments: PathSegment[] = [];
  let rest = expression.slice(1);
  while (rest.length > 0) {
    const match = TOKEN.exec(rest);
    if (!match) throw new Error(`unsupported JSONPath at ${JSON.stringify(rest)} (supported: $, .name, ['name'], [0], [*])`);
    const [token, dotName, index, single, double] = match;
    if (dotName !== undefined) segments.push({ kind: "member", name: dotName });
    else if (index !== undefined) segments.push({ kind: "index", index: Number(index) });
    else if (single !== undefined) segments.push({ kind: "member", name: single.replace(/\\(.)/g, "$1") });
    else if (double !== undefined) segments.push({ kind: "member", name: double.replace(/\\(.)/g, "$1") });
    else segments.push({ kind: "wildcard" });
    rest = rest.slice(token.length);
  }
  return segments;
}

export interface PathMatch {
  value: unknown;
  parent: unknown;
  key: string | number | undefined;
}

/** Every node the path selects, with its parent so callers can replace or remove it. */
export function queryJsonPath(root: unknown, segments: readonly PathSegment[]): PathMatch[] {
  let matches: PathMatch[] = [{ value: root, parent: undefined, key: undefined }];
  for (const segment of segments) {
    matches = matches.flatMap(({ value }) => step(value, segment));
  }
  return matches;
}

function step(value: unknown, segment: PathSegment): PathMatch[] {
  if (value === null || typeof value !== "object") return [];
  const own = (key: string | number) => Object.hasOwn(value, key);
  if (segment.kind === "wildcard") {
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    return keys.map((key) => ({ value: (value as Record<string | number, unknown>)[key], parent: value, key }));
  }
  const key = segment.kind === "member" ? segment.name : segment.index;
  if (segment.kind === "index" && !Array.isArray(value)) return [];
  if (!own(key)) return [];
  return [{ value: (value as Record<string | number, unknown>)[key], parent: value, key }];
}
