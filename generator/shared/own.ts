/**
 * Sets `key` as the object's own property. Plain assignment (`target[key] = value`) with a key a spec
 * chose, such as `__proto__`, would set the object's prototype instead and lose the entry.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
