import type { Flat } from "./flat-schema.js";
import { emptyFlat, tighter } from "./flat-schema.js";

/**
 * allOf merged into one schema where that is sound: every keyword either appears in one part only
 * or combines exactly (types and enums intersect, bounds take the tighter, required and properties
 * unite; one field in two parts becomes an allOf of the two, via `combine`). Anything else (two
 * patterns, two unions, additionalProperties beside another part's properties) returns undefined
 * and the parts stay an allOf.
 */
export function mergeFlats(parts: readonly Flat[], combine: (schemas: unknown[]) => unknown): Flat | undefined {
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
      result.properties.set(name, existing === undefined ? schema : combine([existing, schema]));
    }
    for (const name of part.required) result.required.add(name);
    if (part.additionalProperties !== undefined) {
      if (additionalFrom >= 0) return undefined;
      additionalFrom = index;
      result.additionalProperties = part.additionalProperties;
    }
    if (part.items !== undefined) result.items = result.items === undefined ? part.items : combine([result.items, part.items]);
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

/** Types both sets allow; integer is the part of number both allow. */
function intersectTypes(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const both = new Set<string>();
  for (const type of a) {
    if (b.has(type)) both.add(type);
    else if ((type === "integer" && b.has("number")) || (type === "number" && b.has("integer"))) both.add("integer");
  }
  return both;
}
