/** Shared by the runtime's modules; not part of its public API (index.ts does not export it). */

/** `{name}` in a path or server URL template. */
export const PATH_PARAMETER: RegExp = /\{([^{}]+)\}/g;

/** Visible ASCII, with spaces or tabs only inside: what a header carries unchanged (Headers trims the ends, and throws on other characters). */
export const HEADER_SAFE: RegExp = /^[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?$/;

/** Headers the caller set are never overwritten. */
export function setIfAbsent(headers: Headers, name: string, value: string): void {
  if (!headers.has(name)) headers.set(name, value);
}

/** Runtime errors carry this mark, so `instanceof` holds across copies of the runtime. */
const BRAND: unique symbol = Symbol.for("@agentstop/runtime.error");

/** Marks `error` as runtime error `kind`; `instanceof kind` then answers by the mark. */
export function brandError(error: object, kind: string): void {
  Object.defineProperty(error, BRAND, { value: kind });
}

/** Makes `instanceof` on the class check the brand rather than the prototype chain. */
export function brandedInstanceCheck(target: abstract new (...args: never[]) => unknown, kind: string): void {
  Object.defineProperty(target, Symbol.hasInstance, {
    value: (value: unknown): boolean => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === kind,
  });
}
