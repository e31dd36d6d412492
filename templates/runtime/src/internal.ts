/** Shared by the runtime's modules; not part of its public API (index.ts does not export it). */

/** `{name}` in a path or server URL template. */
export const PATH_PARAMETER: RegExp = /\{([^{}]+)\}/g;

/** Headers the caller set are never overwritten. */
export function setIfAbsent(headers: Headers, name: string, value: string): void {
  if (!headers.has(name)) headers.set(name, value);
}
