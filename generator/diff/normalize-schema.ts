import { follow, isObject, type Json } from "./canonical.js";
import { emptyFlat, type Flat, isNullOnly, readKeywords } from "./flat-schema.js";
import { mergeFlats } from "./merge-all-of.js";
import { acceptsAnything, type SchemaNode } from "./schema-model.js";

/** A safety valve for pathological allOf graphs: past this many merged nodes, parts stay unmerged. */
const MAX_SYNTHETIC = 5000;

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
  const merge = (parts: Flat[]) => (synthetic.size > MAX_SYNTHETIC ? undefined : mergeFlats(parts, allOfRaw));

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
    const own = readKeywords(raw, document);
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
        if (!own.variants) own.variants = { exclusive, branches: kept };
        else {
          // oneOf and anyOf side by side: the second is one more part (which cannot merge).
          const second = exclusive ? { oneOf: kept } : { anyOf: kept };
          parts.push(flatten(second));
          leftovers.push(second);
        }
      }
    }
    for (const part of Array.isArray(raw.allOf) ? raw.allOf : []) {
      parts.push(flatten(part));
      leftovers.push(part);
    }
    if (parts.length === 1) return own;
    return merge(parts) ?? { ...own, allOf: leftovers };
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
