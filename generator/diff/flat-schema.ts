import { canonical, canonicalValue, isObject, type Json } from "./canonical.js";
import {
  ASSERTION_KEYWORDS,
  type Bound,
  COUNT_KEYWORDS,
  type CountKeyword,
  SCHEMA_CONTAINER_KEYWORDS,
  TEXT_KEYWORDS,
  type TextKeyword,
} from "./schema-model.js";

/**
 * One schema's own keywords, before its children are normalized: children are still raw JSON
 * (possibly `$ref`s). Composition (allOf, single-branch unions, `{type: "null"}` branches) is
 * resolved at this level only, so a recursive schema never has to be finished before it is merged.
 */
export interface Flat {
  types: Set<string> | undefined;
  nullable: boolean;
  enum: Map<string, unknown> | undefined;
  text: Map<TextKeyword, string>;
  minimum: Bound | undefined;
  maximum: Bound | undefined;
  counts: Map<CountKeyword, number>;
  multipleOf: number | undefined;
  uniqueItems: boolean;
  properties: Map<string, unknown>;
  required: Set<string>;
  additionalProperties: unknown;
  items: unknown;
  prefixItems: unknown[] | undefined;
  variants: { exclusive: boolean; branches: unknown[] } | undefined;
  allOf: unknown[] | undefined;
  discriminator: { propertyName: string; mapping: Map<string, unknown> } | undefined;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  default: string | undefined;
  assertions: Map<string, string>;
  unknown: Map<string, string>;
  docs: string[];
  hint: string | undefined;
}

const KNOWN = new Set([
  "type",
  "nullable",
  "enum",
  "const",
  ...TEXT_KEYWORDS,
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  ...COUNT_KEYWORDS,
  "multipleOf",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "prefixItems",
  "oneOf",
  "anyOf",
  "allOf",
  "discriminator",
  "readOnly",
  "writeOnly",
  "deprecated",
  "default",
  "title",
  "description",
  "example",
  "examples",
  "externalDocs",
  "xml",
  "$comment",
]);

export function emptyFlat(): Flat {
  return {
    types: undefined,
    nullable: false,
    enum: undefined,
    text: new Map(),
    minimum: undefined,
    maximum: undefined,
    counts: new Map(),
    multipleOf: undefined,
    uniqueItems: false,
    properties: new Map(),
    required: new Set(),
    additionalProperties: undefined,
    items: undefined,
    prefixItems: undefined,
    variants: undefined,
    allOf: undefined,
    discriminator: undefined,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    default: undefined,
    assertions: new Map(),
    unknown: new Map(),
    docs: [],
    hint: undefined,
  };
}

/** One schema object's own keywords, spelled one way; composition and children are left raw. */
export function readKeywords(schema: Json, document: Json): Flat {
  const flat = emptyFlat();
  const declared = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : undefined;
  if (declared) {
    flat.types = new Set(declared.filter((type) => type !== "null"));
    if (declared.includes("null")) flat.nullable = true;
  }
  if (schema.nullable === true) flat.nullable = true;
  const values = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) {
    flat.enum = new Map();
    for (const value of values) {
      if (value === null) flat.nullable = true;
      else flat.enum.set(canonicalValue(value), value);
    }
    // An enum without a type still says which types its values have.
    flat.types ??= new Set([...flat.enum.values()].map(jsonType));
  }
  for (const keyword of TEXT_KEYWORDS) if (typeof schema[keyword] === "string") flat.text.set(keyword, schema[keyword] as string);
  // 3.0's binary and byte formats are what 3.1 spells with contentMediaType and contentEncoding.
  if (flat.text.get("format") === "binary") {
    flat.text.delete("format");
    if (!flat.text.has("contentMediaType")) flat.text.set("contentMediaType", "application/octet-stream");
  } else if (flat.text.get("format") === "byte") {
    flat.text.delete("format");
    if (!flat.text.has("contentEncoding")) flat.text.set("contentEncoding", "base64");
  }
  flat.minimum = bound(schema.minimum, schema.exclusiveMinimum, "lower");
  flat.maximum = bound(schema.maximum, schema.exclusiveMaximum, "upper");
  for (const keyword of COUNT_KEYWORDS) {
    const value = schema[keyword];
    // A lower count of 0 is no bound at all.
    if (typeof value === "number" && !(keyword.startsWith("min") && value <= 0)) flat.counts.set(keyword, value);
  }
  if (typeof schema.multipleOf === "number") flat.multipleOf = schema.multipleOf;
  flat.uniqueItems = schema.uniqueItems === true;
  if (isObject(schema.properties)) for (const [name, property] of Object.entries(schema.properties)) flat.properties.set(name, property);
  if (Array.isArray(schema.required)) for (const name of schema.required) flat.required.add(String(name));
  if (schema.additionalProperties === false) flat.additionalProperties = false;
  else if (isObject(schema.additionalProperties)) flat.additionalProperties = schema.additionalProperties;
  if (Array.isArray(schema.items)) flat.prefixItems = schema.items;
  else if (isObject(schema.items) || schema.items === false) flat.items = schema.items;
  if (Array.isArray(schema.prefixItems)) flat.prefixItems = schema.prefixItems;
  if (isObject(schema.discriminator) && typeof schema.discriminator.propertyName === "string") {
    const mapping = new Map<string, unknown>();
    const declaredMapping = isObject(schema.discriminator.mapping) ? schema.discriminator.mapping : {};
    for (const [tag, target] of Object.entries(declaredMapping)) {
      if (typeof target !== "string") continue;
      mapping.set(tag, { $ref: target.startsWith("#") ? target : `#/components/schemas/${target}` });
    }
    flat.discriminator = { propertyName: schema.discriminator.propertyName, mapping };
  }
  flat.readOnly = schema.readOnly === true;
  flat.writeOnly = schema.writeOnly === true;
  flat.deprecated = schema.deprecated === true;
  if ("default" in schema) flat.default = canonicalValue(schema.default);
  const words: Json = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith("x-") || ["title", "description", "externalDocs", "xml", "$comment", "examples"].includes(keyword)) words[keyword] = value;
    else if (ASSERTION_KEYWORDS.has(keyword)) flat.assertions.set(keyword, canonical(value, document));
    else if (!KNOWN.has(keyword) && !SCHEMA_CONTAINER_KEYWORDS.has(keyword)) flat.unknown.set(keyword, canonical(value, document));
  }
  // 3.0's `example: x` is 3.1's `examples: [x]`.
  if ("example" in schema && !("examples" in schema)) words.examples = [schema.example];
  if (Object.keys(words).length > 0) flat.docs.push(canonical(words, document));
  return flat;
}

/** A branch that only allows null: `{type: "null"}`, `{enum: [null]}`. */
export function isNullOnly(flat: Flat): boolean {
  const noOtherType = (flat.types !== undefined && flat.types.size === 0) || (flat.enum !== undefined && flat.enum.size === 0);
  return (
    flat.nullable &&
    noOtherType &&
    flat.properties.size === 0 &&
    flat.variants === undefined &&
    flat.allOf === undefined &&
    flat.items === undefined &&
    flat.assertions.size === 0
  );
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") return "object";
  return typeof value;
}

function bound(inclusive: unknown, exclusive: unknown, side: "lower" | "upper"): Bound | undefined {
  let found: Bound | undefined;
  if (typeof inclusive === "number") found = { value: inclusive, exclusive: exclusive === true };
  if (typeof exclusive === "number") found = tighter(found, { value: exclusive, exclusive: true }, side);
  return found;
}

export function tighter(a: Bound | undefined, b: Bound | undefined, side: "lower" | "upper"): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value === b.value) return { value: a.value, exclusive: a.exclusive || b.exclusive };
  return (side === "lower" ? a.value > b.value : a.value < b.value) ? a : b;
}
