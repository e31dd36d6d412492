import { fromPointer } from "../errors.js";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Follows local `$ref`s in the bundled document (bounded, so a ref cycle cannot hang us). */
export function deref(document: JsonObject, node: unknown): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref chain too long at ${current.$ref}`);
    current = fromPointer(current.$ref).reduce<unknown>((at, key) => (isObject(at) || Array.isArray(at) ? (at as JsonObject)[key] : undefined), document);
  }
  return isObject(current) ? current : {};
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
