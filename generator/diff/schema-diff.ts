import { follow, isObject, type Json } from "./canonical.js";
import { ownKeywords, type Shapes } from "./fingerprint.js";
import { type ChangeKind, change, type Direction, type SpecChange } from "./rules.js";
import { compareAllOf, compareDiscriminator, compareVariants, isPureUnion, label, pairBranches } from "./schema-composition.js";
import { compareAnnotations, compareConstraints, compareProperties, compareValues, disjoint, type Emit } from "./schema-keywords.js";
import type { SchemaNode } from "./schema-model.js";

/** Follows local `$ref`s of a bundled document; undefined for a non-object. */
export function resolver(document: Json): (schema: unknown) => Json | undefined {
  return (schema) => {
    if (!isObject(schema)) return undefined;
    const { target } = follow(document, schema);
    return isObject(target) ? target : {};
  };
}

/** Where one schema walk happens: the operation, the side, and what the schema is (`request body`). */
export interface SchemaSite {
  where: string;
  direction: Direction;
  /** `request body`, `response 200 body`, `query parameter`. */
  label: string;
  /** The parameter's or header's name; empty for a body. */
  root: string;
}

export interface SchemaDiffer {
  /** Structural equality of nodes across both documents. */
  shapes: Shapes;
  /**
   * Every difference between two schemas that changes what the client sends (request) or must
   * handle (response), classified by direction. Pure; each pair of nodes is visited once.
   */
  diff(site: SchemaSite, before: SchemaNode, after: SchemaNode): SpecChange[];
}

/** A change found at one pair of nodes, at a path relative to that pair. */
interface Step {
  kind: ChangeKind;
  what: string;
  at: string;
}

/** What one pair of nodes contributes: its own changes, and the pairs of children to visit next. */
interface PairResult {
  steps: Step[];
  next: [SchemaNode, SchemaNode, string][];
}

/**
 * A differ for the schemas of two documents. A shared schema is reached from many operations; what
 * each pair of nodes contributes is computed once per side and reused, and each walk is breadth
 * first, so a change is reported at the shortest path that reaches it.
 */
export function schemaDiffer(shapes: Shapes): SchemaDiffer {
  const cache = new Map<string, PairResult>();
  const resultOf = (before: SchemaNode, after: SchemaNode, direction: Direction) => {
    const key = `${direction} ${before.id} ${after.id}`;
    let found = cache.get(key);
    if (!found) {
      found = comparePair({ direction, shapes }, before, after);
      cache.set(key, found);
    }
    return found;
  };
  const diff = (site: SchemaSite, before: SchemaNode, after: SchemaNode): SpecChange[] => {
    const out: SpecChange[] = [];
    const seen = new Set<string>();
    const queue: [SchemaNode, SchemaNode, string][] = [[before, after, ""]];
    for (let index = 0; index < queue.length; index++) {
      const [was, now, path] = queue[index] as [SchemaNode, SchemaNode, string];
      if (shapes.of(was) === shapes.of(now)) continue;
      const pair = `${was.id} ${now.id}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const result = resultOf(was, now, site.direction);
      for (const step of result.steps) out.push(change(step.kind, site.where, `${subject(site, join(path, step.at))}: ${step.what}`, site.direction));
      for (const [inner, other, at] of result.next) queue.push([inner, other, join(path, at)]);
    }
    return out;
  };
  return { shapes, diff };
}

export interface PairContext {
  direction: Direction;
  shapes: Shapes;
}

function comparePair(context: PairContext, before: SchemaNode, after: SchemaNode): PairResult {
  const steps: Step[] = [];
  const next: [SchemaNode, SchemaNode, string][] = [];
  const emit: Emit = (kind, what, at = "") => steps.push({ kind, what, at });

  // A single schema on one side and a union containing it on the other (oasdiff's wrapped-in-oneOf).
  if (!before.variants && after.variants && isPureUnion(after)) {
    const { pairs, added } = pairBranches([before], after.variants.branches, context.shapes);
    for (const node of added) emit("one-of-branch-added", `now a union; variant ${label(node, after.variants.branches)} added`);
    return { steps, next: pairs.map(([was, now]) => [was, now, ""]) };
  }
  if (before.variants && !after.variants && isPureUnion(before)) {
    const { pairs, removed } = pairBranches(before.variants.branches, [after], context.shapes);
    for (const node of removed) emit("one-of-branch-removed", `no longer a union; variant ${label(node, before.variants.branches)} removed`);
    return { steps, next: pairs.map(([was, now]) => [was, now, ""]) };
  }

  compareValues(before, after, emit);
  // An object that became an array (or any type swapped for an unrelated one): its fields, items
  // and bounds compared one by one would only repeat the type change, louder.
  if (disjoint(before.types, after.types)) return { steps, next };
  compareConstraints(before, after, emit);
  compareAnnotations(context, before, after, emit);
  compareProperties(before, after, emit);
  const variantPairs = compareVariants(context, before, after, emit);
  const allOfPairs = compareAllOf(context, before, after, emit);
  compareDiscriminator(context, before, after, variantPairs, emit);
  // Nothing above named it, yet the node's own keywords differ: say where, never stay silent.
  if (steps.length === 0 && ownKeywords(before) !== ownKeywords(after)) emit("unclassified-change", "changed in a way no rule names");

  for (const [name, inner] of before.properties) {
    const other = after.properties.get(name);
    if (other) next.push([inner, other, name]);
  }
  if (before.additionalProperties && after.additionalProperties) next.push([before.additionalProperties, after.additionalProperties, "*"]);
  if (before.items && after.items) next.push([before.items, after.items, "[]"]);
  for (const [index, inner] of (before.prefixItems ?? []).entries()) {
    const other = after.prefixItems?.[index];
    if (other) next.push([inner, other, `[${index}]`]);
  }
  const union = after.variants?.exclusive ? "oneOf" : "anyOf";
  for (const [was, now] of variantPairs) next.push([was, now, `${union}[${label(now, after.variants?.branches ?? [])}]`]);
  for (const [was, now] of allOfPairs) next.push([was, now, `allOf[${label(now, after.allOf ?? [])}]`]);
  return { steps, next };
}

function subject(site: SchemaSite, path: string): string {
  const at = join(site.root, path);
  return at === "" ? site.label : `${site.label} \`${at}\``;
}

/** `a` + `b` → `a.b`; `a` + `[]` → `a[]`; either empty → the other. */
function join(path: string, at: string): string {
  if (path === "" || at === "") return path || at;
  return at.startsWith("[") ? `${path}${at}` : `${path}.${at}`;
}
