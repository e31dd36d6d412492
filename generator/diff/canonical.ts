/**
 * Serialization-independent text for values the diff compares as a whole: keys sorted, local
 * `$ref`s followed, words with their whitespace normalized. Two documents that differ only in how
 * they were written give the same text.
 */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A JSON pointer's segments (`#/components/schemas/A~1B` → components, schemas, A/B). */
function pointerSegments(ref: string): string[] | undefined {
  if (ref === "#") return [];
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((segment) => decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The value a local `$ref` points at, or undefined when it points nowhere (or outside the document). */
export function lookup(document: Json, ref: string): unknown {
  const segments = pointerSegments(ref);
  if (!segments) return undefined;
  let at: unknown = document;
  for (const segment of segments) {
    if (isObject(at)) at = at[segment];
    else if (Array.isArray(at)) at = at[Number(segment)];
    else return undefined;
  }
  return at;
}

/** The name a `$ref` gives its target (its last segment): a hint for pairing, never for equality. */
export function refName(ref: string): string {
  return pointerSegments(ref)?.at(-1) ?? ref;
}

/**
 * Follows a chain of local `$ref`s. Returns the target and the name of the last ref (the target's
 * own name, whichever alias led there); a chain that loops or leaves the document ends at the last
 * object reached (bundled specs are local).
 */
export function follow(document: Json, value: unknown): { target: unknown; name?: string } {
  let current = value;
  let name: string | undefined;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < 32; hops++) {
    const next = lookup(document, current.$ref);
    if (next === undefined) break;
    name = refName(current.$ref);
    current = next;
  }
  return name === undefined ? { target: current } : { target: current, name };
}

/** Words for people: line endings, indentation and runs of spaces do not change what they say. */
export function normalizeWords(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Canonical JSON text: object keys sorted, local refs inlined (a ref already being inlined becomes
 * `{"$cycle":n}`, n levels up, so recursion is written by structure and not by name), strings
 * under word keys normalized. With `structureOnly`, words and `x-` extensions are left out.
 * Arrays keep their order: where order does not matter, callers sort.
 */
export function canonical(value: unknown, document: Json, stack: unknown[] = [], structureOnly = false): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, document, stack, structureOnly)).join(",")}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? "null";
  if (typeof value.$ref === "string") {
    const { target } = follow(document, value);
    if (target !== value) {
      const at = stack.indexOf(target);
      if (at >= 0) return `{"$cycle":${stack.length - at}}`;
      const siblings = Object.fromEntries(Object.entries(value).filter(([key]) => key !== "$ref"));
      const inlined = canonical(target, document, [...stack, target], structureOnly);
      return Object.keys(siblings).length === 0 ? inlined : `{"$allOf":[${inlined},${canonical(siblings, document, stack, structureOnly)}]}`;
    }
  }
  const keys = Object.keys(value)
    .filter((key) => !structureOnly || !(ANNOTATION_KEYS.has(key) || key.startsWith("x-")))
    .sort();
  return `{${keys
    .map((key) => {
      const inner = value[key];
      const text = WORD_KEYS.has(key) && typeof inner === "string" ? JSON.stringify(normalizeWords(inner)) : canonical(inner, document, stack, structureOnly);
      return `${JSON.stringify(key)}:${text}`;
    })
    .join(",")}}`;
}

/** Keys that carry words or samples for people, never structure. */
const ANNOTATION_KEYS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "$comment"]);

/** Keys whose string values are prose. */
const WORD_KEYS = new Set(["description", "summary", "title"]);

/** Canonical text of a JSON value that holds no refs (enum values, defaults, constants). */
export function canonicalValue(value: unknown): string {
  return canonical(value, {});
}

/** A set as comparable text: sorted. */
export function setText(values: Iterable<string>): string {
  return JSON.stringify([...values].sort());
}

/** Words of an object: the keys named and every `x-` extension; examples in one spelling. */
export function wordsText(value: Json, keys: readonly string[], document: Json): string {
  const picked: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!keys.includes(key) && !key.startsWith("x-")) continue;
    // An `example` and `examples: {name: {value}}` show the same values.
    if (key === "example") picked.examples ??= [inner];
    else if (key === "examples" && isObject(inner)) picked.examples = Object.values(inner).map((example) => (isObject(example) ? example.value : example));
    else if (key === "tags" && Array.isArray(inner)) picked.tags = [...inner].map((tag) => canonical(tag, document)).sort();
    else picked[key] = inner;
  }
  return Object.keys(picked).length === 0 ? "" : canonical(picked, document);
}

/** Keys neither OpenAPI nor `x-` nor words: their structure, canonical. */
export function unknownKeys(value: Json, known: readonly string[], document: Json): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, inner] of Object.entries(value)) {
    if (known.includes(key) || DOC_KEYS.includes(key) || key.startsWith("x-") || key === "$ref") continue;
    found.set(key, canonical(inner, document, [], true));
  }
  return found;
}

/** Keys of OpenAPI objects that hold words or samples for people. */
const DOC_KEYS = ["summary", "description", "externalDocs", "tags", "example", "examples", "links"];
