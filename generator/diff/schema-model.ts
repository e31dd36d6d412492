/**
 * A JSON Schema as the diff sees it: what values it allows, with every spelling choice taken out.
 * Nodes form a graph (a recursive schema points back at itself), so nothing here may be walked
 * without a seen-set.
 */

/** A numeric bound; 3.0's boolean `exclusiveMinimum` and 3.1's numeric one end up the same. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

export const COUNT_KEYWORDS = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"] as const;
export type CountKeyword = (typeof COUNT_KEYWORDS)[number];

export const TEXT_KEYWORDS = ["format", "pattern", "contentMediaType", "contentEncoding"] as const;
export type TextKeyword = (typeof TEXT_KEYWORDS)[number];

/** Assertions this diff does not walk. Each only ever refuses values, so adding one narrows. */
export const ASSERTION_KEYWORDS = new Set([
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "contains",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
  "contentSchema",
  "false",
]);

/** Annotations for readers: compared as words only. */
export const SCHEMA_WORD_KEYWORDS = ["title", "description", "examples", "externalDocs", "xml", "$comment"] as const;

/** Keywords that only organize a document: refs are followed, so these say nothing by themselves. */
export const SCHEMA_CONTAINER_KEYWORDS = new Set(["$schema", "$id", "$anchor", "$dynamicAnchor", "$defs", "definitions", "$ref", "$dynamicRef"]);

export interface Variants {
  /** oneOf (exactly one branch matches) or anyOf; the client types both as a union. */
  exclusive: boolean;
  branches: readonly SchemaNode[];
}

export interface SchemaNode {
  /** Unique within one document's normalization: pairs of nodes are remembered by these. */
  id: number;
  /** The non-null JSON types allowed (`integer` is a subset of `number`); undefined: any. */
  types: ReadonlySet<string> | undefined;
  /** null is allowed: 3.0 `nullable`, a `"null"` type, a `{type: "null"}` branch, or null in the enum. */
  nullable: boolean;
  /** Allowed values, by canonical JSON (null is `nullable`); undefined: unrestricted. */
  enum: ReadonlyMap<string, unknown> | undefined;
  text: ReadonlyMap<TextKeyword, string>;
  minimum: Bound | undefined;
  maximum: Bound | undefined;
  counts: ReadonlyMap<CountKeyword, number>;
  multipleOf: number | undefined;
  uniqueItems: boolean;
  properties: ReadonlyMap<string, SchemaNode>;
  required: ReadonlySet<string>;
  /** false: no other keys; undefined: anything. */
  additionalProperties: SchemaNode | false | undefined;
  items: SchemaNode | undefined;
  prefixItems: readonly SchemaNode[] | undefined;
  variants: Variants | undefined;
  /** allOf parts that could not be merged into this node. */
  allOf: readonly SchemaNode[] | undefined;
  /** Tag values → variant; implicit mappings (a $ref's schema name) are spelled out. */
  discriminator: { propertyName: string; mapping: ReadonlyMap<string, SchemaNode> } | undefined;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** Canonical JSON of the default value. */
  default: string | undefined;
  /** ASSERTION_KEYWORDS present, as canonical JSON. */
  assertions: ReadonlyMap<string, string>;
  /** Keywords neither OpenAPI nor JSON Schema nor `x-`: any difference is unclassified. */
  unknown: ReadonlyMap<string, string>;
  /** Canonical words (title, description, examples, x-…). */
  docs: string;
  /** The component name it was reached through: pairs oneOf branches, never decides equality. */
  hint: string | undefined;
}

/** The schema `{}`: accepts anything, says nothing. */
export function acceptsAnything(node: SchemaNode): boolean {
  return (
    node.types === undefined &&
    !node.nullable &&
    node.enum === undefined &&
    node.text.size === 0 &&
    node.minimum === undefined &&
    node.maximum === undefined &&
    node.counts.size === 0 &&
    node.multipleOf === undefined &&
    !node.uniqueItems &&
    node.properties.size === 0 &&
    node.required.size === 0 &&
    node.additionalProperties === undefined &&
    node.items === undefined &&
    node.prefixItems === undefined &&
    node.variants === undefined &&
    node.allOf === undefined &&
    node.discriminator === undefined &&
    !node.readOnly &&
    !node.writeOnly &&
    !node.deprecated &&
    node.default === undefined &&
    node.assertions.size === 0 &&
    node.unknown.size === 0
  );
}
