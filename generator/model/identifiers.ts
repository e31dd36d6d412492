/**
 * Identifiers that reach generated code. Spec names are untrusted: anything that becomes an
 * identifier is reduced to [A-Za-z0-9_$], must not start with a digit, and must not be reserved.
 */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await async arguments eval undefined NaN Infinity constructor prototype __proto__ toString valueOf hasOwnProperty " +
    // Names JavaScript looks up on any object: `then` makes an object a thenable (`await client.operations` would call it).
    "then isPrototypeOf propertyIsEnumerable toLocaleString __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__"
  ).split(" "),
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function camelCase(text: string): string {
  const parts = words(text);
  const joined = parts.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return guard(joined);
}

export function pascalCase(text: string): string {
  const joined = words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  return guard(joined);
}

/** Makes a candidate safe: empty → `_`, leading digit → `_1…`, reserved word → `word_`. */
function guard(candidate: string): string {
  let name = candidate === "" ? "_" : candidate;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (RESERVED.has(name)) name = `${name}_`;
  return name;
}

/** Gives each name a unique spelling by suffixing 2, 3, …, in the order given. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) candidate = `${name}${n}`;
    seen.add(candidate);
    return candidate;
  });
}
