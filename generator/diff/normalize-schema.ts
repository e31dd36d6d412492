import { canonical, canonicalValue, follow, isObject, type Json } from "./canonical.js";
import {
  ASSERTION_KEYWORDS,
  acceptsAnything,
  type Bound,
  COUNT_KEYWORDS,
  type CountKeyword,
  SCHEMA_CONTAINER_KEYWORDS,
  type SchemaNode,
  TEXT_KEYWORDS,
  type TextKeyword,
} from "./schema-model.js";

/**
 * One schema's own keywords, before its children are normalized: children are still raw JSON
 * (possibly `$ref`s). Composition (allOf, single-branch unions, `{type: "null"}` branches) is
 * resolved at this level only, so a recursive schema never has to be finished before it is merged.
 */
interface Flat {
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

/** A safety valve for pathological allOf graphs: past this many merged nodes, parts stay unmerged. */
const MAX_SYNTHETIC = 5000;

function emptyFlat(): Flat {
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

/**
 * Turns the raw schemas of one bundled document into SchemaNodes. Equal targets give the same node
 * (a `$ref` is its target; its name is only kept as a hint), so recursion closes into a cycle.
 */
export function schemaNormalizer(document: Json): (raw: unknown) => SchemaNode {
  const ids = new WeakMap<object, number>();
  const flats = new Map<object, Flat>();
  const nodes = new Map<object, SchemaNode>();
  const flattening = new Set<object>();
  const synthetic = new Map<string, Json>();
  const isSynthetic = new WeakSet<object>();
  let nextId = 1;
  const idOf = (value: object) => {
    const known = ids.get(value);
    if (known !== undefined) return known;
    ids.set(value, nextId);
    return nextId++;
  };

  /** What identifies a raw schema: the target of a bare `$ref`, else the object itself. */
  function keyOf(raw: unknown): object {
    if (!isObject(raw)) return { raw };
    if (typeof raw.$ref === "string" && Object.keys(raw).length === 1) {
      const { target } = follow(document, raw);
      return isObject(target) ? target : raw;
    }
    return raw;
  }

  /** `allOf` of raw schemas, the same object for the same set (so merged recursion still closes). */
  function allOfRaw(parts: unknown[]): unknown {
    const unique = [...new Map(parts.flatMap((part) => expand(part)).map((part) => [keyOf(part), part])).values()];
    if (unique.length === 1) return unique[0];
    const key = unique
      .map((part) => idOf(keyOf(part)))
      .sort((a, b) => a - b)
      .join(",");
    const known = synthetic.get(key);
    if (known) return known;
    const made = { allOf: unique };
    synthetic.set(key, made);
    isSynthetic.add(made);
    return made;
  }
  const expand = (part: unknown): unknown[] => (isObject(part) && isSynthetic.has(part) ? (part.allOf as unknown[]) : [part]);

  function flatten(raw: unknown): Flat {
    const key = keyOf(raw);
    const known = flats.get(key);
    if (known) return known;
    // allOf through itself says nothing more: leave the inner reference as an unmerged part.
    if (flattening.has(key)) return { ...emptyFlat(), allOf: [raw] };
    flattening.add(key);
    const flat = build(raw);
    flattening.delete(key);
    flats.set(key, flat);
    return flat;
  }

  function build(raw: unknown): Flat {
    if (raw === false) return { ...emptyFlat(), assertions: new Map([["false", "false"]]) };
    if (!isObject(raw)) return emptyFlat();
    const { target, name } = follow(document, raw);
    const hasSiblings = typeof raw.$ref === "string" && Object.keys(raw).length > 1;
    if (target !== raw && isObject(target)) {
      // A bare $ref is its target (flatten keyed it by the target already).
      if (!hasSiblings) return { ...build(target), hint: name };
      // A $ref beside other keywords (3.1, or 3.0 tools that allow it): both apply.
      const siblings = Object.fromEntries(Object.entries(raw).filter(([keyword]) => keyword !== "$ref"));
      return merge([build(siblings), { ...flatten(target), hint: name }]) ?? { ...build(siblings), allOf: [target], hint: name };
    }
    const own = ownKeywords(raw);
    const parts: Flat[] = [own];
    const leftovers: unknown[] = [];
    const unions = [
      { exclusive: true, branches: Array.isArray(raw.oneOf) ? raw.oneOf : undefined },
      { exclusive: false, branches: Array.isArray(raw.anyOf) ? raw.anyOf : undefined },
    ];
    for (const { exclusive, branches } of unions) {
      if (!branches) continue;
      // `{type: "null"}` as a branch is 3.1's nullable: the client sees `X | null` either way.
      const kept = branches.filter((branch) => {
        if (!isNullOnly(flatten(branch))) return true;
        own.nullable = true;
        return false;
      });
      if (kept.length === 1) {
        parts.push(flatten(kept[0]));
        leftovers.push(kept[0]);
      } else if (kept.length > 1) {
        if (own.variants) leftovers.push(exclusive ? { oneOf: kept } : { anyOf: kept });
        else own.variants = { exclusive, branches: kept };
      }
    }
    for (const part of Array.isArray(raw.allOf) ? raw.allOf : []) {
      parts.push(flatten(part));
      leftovers.push(part);
    }
    if (parts.length === 1) return own;
    return merge(parts) ?? { ...own, allOf: leftovers };
  }

  function ownKeywords(schema: Json): Flat {
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

  function merge(parts: Flat[]): Flat | undefined {
    if (synthetic.size > MAX_SYNTHETIC) return undefined;
    const result = emptyFlat();
    let additionalFrom = -1;
    const withProperties = new Set<number>();
    for (const [index, part] of parts.entries()) {
      if (part.types) {
        if (!result.types) result.types = new Set(part.types);
        else {
          const both = intersectTypes(result.types, part.types);
          if (both.size === 0 && result.types.size > 0 && part.types.size > 0) return undefined;
          result.types = both;
        }
      }
      // The client's view (openapi-typescript): a part saying nullable makes the whole `X | null`.
      result.nullable ||= part.nullable;
      if (part.enum) result.enum = result.enum ? new Map([...result.enum].filter(([key]) => part.enum?.has(key))) : new Map(part.enum);
      for (const [keyword, value] of part.text) {
        const existing = result.text.get(keyword);
        if (existing !== undefined && existing !== value) return undefined;
        result.text.set(keyword, value);
      }
      result.minimum = tighter(result.minimum, part.minimum, "lower");
      result.maximum = tighter(result.maximum, part.maximum, "upper");
      for (const [keyword, value] of part.counts) {
        const existing = result.counts.get(keyword);
        result.counts.set(keyword, existing === undefined ? value : keyword.startsWith("min") ? Math.max(existing, value) : Math.min(existing, value));
      }
      if (part.multipleOf !== undefined) {
        if (result.multipleOf !== undefined && result.multipleOf !== part.multipleOf) return undefined;
        result.multipleOf = part.multipleOf;
      }
      result.uniqueItems ||= part.uniqueItems;
      if (part.properties.size > 0) withProperties.add(index);
      for (const [name, schema] of part.properties) {
        const existing = result.properties.get(name);
        result.properties.set(name, existing === undefined ? schema : allOfRaw([existing, schema]));
      }
      for (const name of part.required) result.required.add(name);
      if (part.additionalProperties !== undefined) {
        if (additionalFrom >= 0) return undefined;
        additionalFrom = index;
        result.additionalProperties = part.additionalProperties;
      }
      if (part.items !== undefined) result.items = result.items === undefined ? part.items : allOfRaw([result.items, part.items]);
      if (part.prefixItems) {
        if (result.prefixItems) return undefined;
        result.prefixItems = part.prefixItems;
      }
      if (part.variants) {
        if (result.variants) return undefined;
        result.variants = part.variants;
      }
      if (part.allOf) result.allOf = [...(result.allOf ?? []), ...part.allOf];
      if (part.discriminator) {
        if (result.discriminator) return undefined;
        result.discriminator = part.discriminator;
      }
      result.readOnly ||= part.readOnly;
      result.writeOnly ||= part.writeOnly;
      result.deprecated ||= part.deprecated;
      if (part.default !== undefined) {
        if (result.default !== undefined && result.default !== part.default) return undefined;
        result.default = part.default;
      }
      for (const [into, from] of [
        [result.assertions, part.assertions],
        [result.unknown, part.unknown],
      ] as const) {
        for (const [keyword, value] of from) {
          if (into.has(keyword) && into.get(keyword) !== value) return undefined;
          into.set(keyword, value);
        }
      }
      result.docs.push(...part.docs);
      result.hint ??= part.hint;
    }
    // additionalProperties only sees the properties declared beside it: merging would change its meaning.
    if (additionalFrom >= 0 && [...withProperties].some((index) => index !== additionalFrom)) return undefined;
    return result;
  }

  function normalize(raw: unknown): SchemaNode {
    const key = keyOf(raw);
    const known = nodes.get(key);
    if (known) return known;
    const node = { id: idOf(key) } as { -readonly [K in keyof SchemaNode]: SchemaNode[K] };
    nodes.set(key, node);
    const flat = flatten(raw);
    const child = (value: unknown) => normalize(value);
    const optionalChild = (value: unknown) => {
      if (value === undefined) return undefined;
      const normalized = normalize(value);
      return "types" in normalized && isEmpty(normalized) ? undefined : normalized;
    };
    node.types = flat.types;
    node.nullable = flat.nullable;
    node.enum = flat.enum;
    node.text = flat.text;
    node.minimum = flat.minimum;
    node.maximum = flat.maximum;
    node.counts = flat.counts;
    node.multipleOf = flat.multipleOf;
    node.uniqueItems = flat.uniqueItems;
    node.properties = new Map([...flat.properties].map(([name, schema]) => [name, child(schema)]));
    node.required = flat.required;
    node.additionalProperties = flat.additionalProperties === false ? false : optionalChild(flat.additionalProperties);
    node.items = flat.items === false ? child(false) : optionalChild(flat.items);
    node.prefixItems = flat.prefixItems?.map(child);
    node.variants = flat.variants && { exclusive: flat.variants.exclusive, branches: flat.variants.branches.map(child) };
    node.allOf = flat.allOf?.map(child);
    node.readOnly = flat.readOnly;
    node.writeOnly = flat.writeOnly;
    node.deprecated = flat.deprecated;
    node.default = flat.default;
    node.assertions = flat.assertions;
    node.unknown = flat.unknown;
    node.docs = flat.docs.join("\n");
    node.hint = flat.hint;
    node.discriminator = flat.discriminator && discriminatorOf(flat.discriminator, flat.variants?.branches ?? [], child);
    // `{}` already allows null: 3.0's `{nullable: true}` and 3.1's `{}` are the same schema.
    if (acceptsAnything({ ...node, nullable: false })) node.nullable = true;
    return node;
  }

  /** Explicit mappings plus OpenAPI's implicit ones: a variant reached by `$ref` is tagged with its schema's name. */
  function discriminatorOf(declared: NonNullable<Flat["discriminator"]>, branches: unknown[], child: (value: unknown) => SchemaNode) {
    const mapping = new Map([...declared.mapping].map(([tag, target]) => [tag, child(target)]));
    const mapped = new Set(mapping.values());
    for (const branch of branches) {
      if (!isObject(branch) || typeof branch.$ref !== "string") continue;
      const node = child(branch);
      const { name } = follow(document, branch);
      if (!mapped.has(node) && name !== undefined && !mapping.has(name)) mapping.set(name, node);
    }
    return { propertyName: declared.propertyName, mapping };
  }

  return normalize;
}

/** `{}` with no words either: an absent `items` or `additionalProperties` says the same. */
function isEmpty(node: SchemaNode): boolean {
  return acceptsAnything({ ...node, nullable: false }) && node.docs === "";
}

function isNullOnly(flat: Flat): boolean {
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

/** Types both sets allow; integer is the part of number both allow. */
function intersectTypes(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const both = new Set<string>();
  for (const type of a) {
    if (b.has(type)) both.add(type);
    else if ((type === "integer" && b.has("number")) || (type === "number" && b.has("integer"))) both.add("integer");
  }
  return both;
}

function bound(inclusive: unknown, exclusive: unknown, side: "lower" | "upper"): Bound | undefined {
  let found: Bound | undefined;
  if (typeof inclusive === "number") found = { value: inclusive, exclusive: exclusive === true };
  if (typeof exclusive === "number") found = tighter(found, { value: exclusive, exclusive: true }, side);
  return found;
}

function tighter(a: Bound | undefined, b: Bound | undefined, side: "lower" | "upper"): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value === b.value) return { value: a.value, exclusive: a.exclusive || b.exclusive };
  return (side === "lower" ? a.value > b.value : a.value < b.value) ? a : b;
}
