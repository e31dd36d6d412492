import { deref, isObject, type JsonObject } from "./deref.js";
import { constraintsOf } from "./parameters.js";
import type { BodyFieldModel, RequestBodyModel } from "./types.js";

const JSON_MEDIA = /^application\/(?:[\w.+-]*\+)?json\b/;

/** The request body: whether it is required, its media types, and the top-level fields of its JSON schema. */
export function buildRequestBody(document: JsonObject, raw: unknown): RequestBodyModel | undefined {
  if (!isObject(raw)) return undefined;
  const body = deref(document, raw);
  const content = isObject(body.content) ? body.content : {};
  const contentTypes = Object.keys(content).sort();
  // application/json first when there are several JSON types: it is what openapi-fetch sends by default.
  const jsonContentType = contentTypes.includes("application/json") ? "application/json" : contentTypes.find((type) => JSON_MEDIA.test(type));
  const media = jsonContentType === undefined ? undefined : content[jsonContentType];
  const model: RequestBodyModel = {
    required: body.required === true,
    contentTypes,
    fields: isObject(media) ? topLevelFields(document, media.schema) : [],
  };
  if (jsonContentType !== undefined) model.jsonContentType = jsonContentType;
  return model;
}

/** `properties` and `required` of an object schema, with `allOf` branches merged (bounded depth). */
function topLevelFields(document: JsonObject, raw: unknown, depth = 0): BodyFieldModel[] {
  if (depth > 8) return [];
  const schema = deref(document, raw);
  const fields = new Map<string, BodyFieldModel>();
  for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
    for (const field of topLevelFields(document, branch, depth + 1)) fields.set(field.name, field);
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, rawProperty] of Object.entries(properties)) {
    const property = deref(document, rawProperty);
    const field: BodyFieldModel = { name, required: required.has(name), constraints: constraintsOf(property, document) };
    if (typeof property.description === "string" && property.description !== "") field.description = property.description;
    fields.set(name, field);
  }
  for (const name of required) {
    const known = fields.get(name);
    if (known) known.required = true;
  }
  return [...fields.values()];
}
