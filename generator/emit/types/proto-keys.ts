/**
 * openapi-typescript's own @redocly/openapi-core 1.x looks every key up in plain objects
 * (`type.properties[key]`), so a spec key that Object.prototype also has (`__proto__`,
 * `constructor`, `toString`…) finds the prototype's member and crashes its walk. The document it is
 * given spells each such key, and each `$ref` segment naming one, with a placeholder, and its
 * output spells them back.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const placeholder = (key: string) => `__agentstop_${key.replaceAll("_", "")}_key_7f3a__`;
const PLACEHOLDERS: ReadonlyMap<string, string> = new Map([...PROTOTYPE_KEYS].map((key) => [placeholder(key), key]));
const ANY_PLACEHOLDER = /__agentstop_\w+?_key_7f3a__/g;
const HAS_PLACEHOLDER = /__agentstop_\w+?_key_7f3a__/;

/** A copy of the document with prototype-named keys and `$ref` segments renamed; the input is left as it is. */
export function withoutPrototypeKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPrototypeKeys);
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) {
    const value = (node as Record<string, unknown>)[key];
    const renamed = PROTOTYPE_KEYS.has(key) ? placeholder(key) : key;
    // Defined, not assigned: assigning `__proto__` would set the copy's prototype.
    Object.defineProperty(copy, renamed, {
      value: key === "$ref" && typeof value === "string" ? renameRefSegments(value) : withoutPrototypeKeys(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function renameRefSegments(ref: string): string {
  return ref
    .split("/")
    .map((segment) => (PROTOTYPE_KEYS.has(segment) ? placeholder(segment) : segment))
    .join("/");
}

/** The output with the spec's own keys back. */
export function withPrototypeKeys(text: string): string {
  return text.replace(ANY_PLACEHOLDER, (match) => PLACEHOLDERS.get(match) ?? match);
}

/** True when the document already holds a placeholder: spelling it back would change the spec's own text. */
export function holdsPlaceholder(text: string): boolean {
  return HAS_PLACEHOLDER.test(text);
}
