import type * as AjvModule from "ajv";
import { setOwn } from "../shared/own.js";
import { requireCjs } from "../startup/require-cjs.js";
import { isObject, type JsonObject } from "./deref.js";

type AjvClass = typeof AjvModule.Ajv;
const SPEC_ID = "agentstop:spec";

/** Whether a value is one the spec's schema allows; the problems, in words, when it is not. */
export type ValueChecker = (schema: unknown, value: unknown, options: { coerce: boolean }) => string[];

/**
 * ajv over the (selected) bundled document, so `$ref`s inside a schema resolve. OpenAPI 3.1 and 3.2
 * schemas are JSON Schema 2020-12; 3.0's are draft-07 plus `nullable`. Parameters travel as text, so
 * their values are checked with type coercion (`"5"` is a fine integer query value).
 */
export function createValueChecker(document: JsonObject): ValueChecker {
  const modern = !String(document.openapi ?? "").startsWith("3.0");
  const instances = new Map<boolean, InstanceType<AjvClass>>();
  const ajvFor = (coerce: boolean) => {
    let ajv = instances.get(coerce);
    if (!ajv) {
      const Ajv = (modern ? requireCjs("ajv/dist/2020").default : requireCjs("ajv").default) as AjvClass;
      ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes: coerce });
      ajv.addSchema(document, SPEC_ID);
      instances.set(coerce, ajv);
    }
    return ajv;
  };
  return (schema, value, { coerce }) => {
    if (!isObject(schema)) return [];
    const validate = ajvFor(coerce).compile(anchored(schema) as JsonObject);
    // coerceTypes rewrites its input in place: check a copy.
    if (validate(structuredClone(value))) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || "value"} ${error.message ?? error.keyword}`);
  };
}

/** The schema with its local `$ref`s pointing into the document ajv knows. */
function anchored(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchored);
  if (!isObject(node)) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    setOwn(copy, key, key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${SPEC_ID}${value}` : anchored(value));
  }
  return copy;
}
