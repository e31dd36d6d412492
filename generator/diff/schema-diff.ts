import { follow, isObject, type Json } from "./canonical.js";
import { ownKeywords, type Shapes } from "./fingerprint.js";
import { type ChangeKind, change, type Direction, type SpecChange } from "./rules.js";
import { acceptsAnything, type Bound, COUNT_KEYWORDS, type SchemaNode, TEXT_KEYWORDS } from "./schema-model.js";

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

interface PairContext {
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

/** A branch by its component name, else by what it holds (`{error}`, `string`), else its position. */
function label(node: SchemaNode, siblings: readonly SchemaNode[]): string {
  if (node.hint !== undefined) return node.hint;
  if (node.properties.size > 0) return `{${[...node.properties.keys()].join(", ")}}`;
  if (node.enum) return [...node.enum.keys()].join(" | ");
  if (node.types && node.types.size > 0) return [...node.types].join(" | ");
  return String(siblings.indexOf(node));
}

type Emit = (kind: ChangeKind, what: string, at?: string) => void;

/** Types, nullability and enums: which values exist at all. */
function compareValues(before: SchemaNode, after: SchemaNode, emit: Emit): void {
  // With an enum on both sides the values themselves say everything the types would.
  if (!(before.enum && after.enum)) compareTypes(before.types, after.types, emit);
  // A schema that allows anything allows null: the type change already says it.
  const anything = (node: SchemaNode) => acceptsAnything({ ...node, nullable: false });
  if (!anything(before) && !anything(after)) {
    if (!before.nullable && after.nullable) emit("nullable-added", "now nullable");
    if (before.nullable && !after.nullable) emit("nullable-removed", "no longer nullable");
  }
  if (!before.enum && after.enum) emit("enum-added", `now restricted to ${values(after.enum.keys())}`);
  if (before.enum && !after.enum) emit("enum-removed", `no longer restricted to ${values(before.enum.keys())}`);
  if (before.enum && after.enum) {
    const removed = [...before.enum.keys()].filter((value) => !after.enum?.has(value));
    const added = [...after.enum.keys()].filter((value) => !before.enum?.has(value));
    if (removed.length > 0) emit("enum-value-removed", `${removed.length === 1 ? "value" : "values"} ${values(removed)} removed`);
    if (added.length > 0) emit("enum-value-added", `${added.length === 1 ? "value" : "values"} ${values(added)} added`);
  }
}

function compareTypes(before: ReadonlySet<string> | undefined, after: ReadonlySet<string> | undefined, emit: Emit): void {
  if (!before && !after) return;
  const text = (types: ReadonlySet<string> | undefined) => (types ? [...types].sort().join(" | ") || "null" : "any");
  const move = `type ${text(before)} → ${text(after)}`;
  if (!before || !after) {
    emit(before ? "type-widened" : "type-narrowed", move);
    return;
  }
  const covers = (set: ReadonlySet<string>, type: string) => set.has(type) || (type === "integer" && set.has("number"));
  const lost = [...before].some((type) => !covers(after, type));
  const gained = [...after].some((type) => !covers(before, type));
  if (lost && gained) emit("type-changed", move);
  else if (lost) emit("type-narrowed", move);
  else if (gained) emit("type-widened", move);
}

function disjoint(before: ReadonlySet<string> | undefined, after: ReadonlySet<string> | undefined): boolean {
  if (!before || !after || before.size === 0 || after.size === 0) return false;
  const overlaps = (a: string, b: string) => a === b || (a === "integer" && b === "number") || (a === "number" && b === "integer");
  return ![...before].some((a) => [...after].some((b) => overlaps(a, b)));
}

function values(keys: Iterable<string>): string {
  return [...keys].sort().join(", ");
}

/** Widths of formats where one holds every value of the other. */
const WIDER_FORMAT: Readonly<Record<string, string>> = { int32: "int64", float: "double" };

/** Keywords that bound values: tightening narrows, loosening widens. */
function compareConstraints(before: SchemaNode, after: SchemaNode, emit: Emit): void {
  for (const keyword of TEXT_KEYWORDS) {
    const [was, now] = [before.text.get(keyword), after.text.get(keyword)];
    if (was === now) continue;
    if (was === undefined) emit("constraint-tightened", `${keyword} ${now} added`);
    else if (now === undefined) emit("constraint-loosened", `${keyword} ${was} removed`);
    else if (WIDER_FORMAT[was] === now) emit("constraint-loosened", `${keyword} ${was} → ${now}`);
    else if (WIDER_FORMAT[now] === was) emit("constraint-tightened", `${keyword} ${was} → ${now}`);
    else emit("constraint-changed", `${keyword} ${was} → ${now}`);
  }
  compareBound("lower", before.minimum, after.minimum, emit);
  compareBound("upper", before.maximum, after.maximum, emit);
  for (const keyword of COUNT_KEYWORDS) {
    const [was, now] = [before.counts.get(keyword), after.counts.get(keyword)];
    if (was === now) continue;
    const move = `${keyword} ${was ?? "none"} → ${now ?? "none"}`;
    const upper = keyword.startsWith("max");
    if (was === undefined) emit("constraint-tightened", move);
    else if (now === undefined) emit("constraint-loosened", move);
    // A lower maximum or a higher minimum refuses more.
    else emit((upper ? now < was : now > was) ? "constraint-tightened" : "constraint-loosened", move);
  }
  if (before.multipleOf !== after.multipleOf) {
    const [was, now] = [before.multipleOf, after.multipleOf];
    const move = `multipleOf ${was ?? "none"} → ${now ?? "none"}`;
    if (was === undefined) emit("constraint-tightened", move);
    else if (now === undefined) emit("constraint-loosened", move);
    else if (now % was === 0) emit("constraint-tightened", move);
    else if (was % now === 0) emit("constraint-loosened", move);
    else emit("constraint-changed", move);
  }
  if (!before.uniqueItems && after.uniqueItems) emit("constraint-tightened", "items must now be unique");
  if (before.uniqueItems && !after.uniqueItems) emit("constraint-loosened", "items no longer need to be unique");
  compareAdditional(before.additionalProperties, after.additionalProperties, emit);
  if (!before.items && after.items) emit("constraint-tightened", "items now constrained");
  if (before.items && !after.items) emit("constraint-loosened", "items no longer constrained");
  const [tupleBefore, tupleAfter] = [before.prefixItems?.length ?? 0, after.prefixItems?.length ?? 0];
  if (tupleAfter > tupleBefore) emit("constraint-tightened", `prefixItems ${tupleBefore} → ${tupleAfter} positions`);
  if (tupleAfter < tupleBefore) emit("constraint-loosened", `prefixItems ${tupleBefore} → ${tupleAfter} positions`);
  for (const [keyword, now] of after.assertions) {
    const was = before.assertions.get(keyword);
    if (was === undefined) emit("constraint-tightened", `\`${keyword}\` added`);
    // No rule walks inside these (`not` even inverts the direction): say where, as unclassified.
    else if (was !== now) emit("unclassified-change", `\`${keyword}\` changed`);
  }
  for (const keyword of before.assertions.keys()) if (!after.assertions.has(keyword)) emit("constraint-loosened", `\`${keyword}\` removed`);
  for (const keyword of new Set([...before.unknown.keys(), ...after.unknown.keys()])) {
    if (before.unknown.get(keyword) !== after.unknown.get(keyword)) emit("unclassified-change", `unknown keyword \`${keyword}\` added, removed or changed`);
  }
}

function compareBound(side: "lower" | "upper", was: Bound | undefined, now: Bound | undefined, emit: Emit): void {
  const text = (bound: Bound | undefined) => (bound ? `${side === "lower" ? ">" : "<"}${bound.exclusive ? "" : "="} ${bound.value}` : "none");
  if (was?.value === now?.value && was?.exclusive === now?.exclusive) return;
  const move = `${side === "lower" ? "minimum" : "maximum"} ${text(was)} → ${text(now)}`;
  if (!was || !now) {
    emit(was ? "constraint-loosened" : "constraint-tightened", move);
    return;
  }
  const sign = side === "lower" ? 1 : -1;
  const tighter = sign * (now.value - was.value) > 0 || (now.value === was.value && now.exclusive);
  emit(tighter ? "constraint-tightened" : "constraint-loosened", move);
}

function compareAdditional(was: SchemaNode | false | undefined, now: SchemaNode | false | undefined, emit: Emit): void {
  const state = (value: SchemaNode | false | undefined) =>
    value === undefined ? "any keys" : value === false ? "no other keys" : "other keys of a given schema";
  if (state(was) === state(now)) return;
  const move = `additionalProperties: ${state(was)} → ${state(now)}`;
  // Open accepts the most, closed the least; a schema sits between.
  const rank = (value: SchemaNode | false | undefined) => (value === undefined ? 2 : value === false ? 0 : 1);
  emit(rank(now) < rank(was) ? "constraint-tightened" : "constraint-loosened", move);
}

/** Defaults, visibility and deprecation. */
function compareAnnotations(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): void {
  if (before.default === undefined && after.default !== undefined) emit("default-added", `default ${after.default} added`);
  if (before.default !== undefined && after.default === undefined) emit("default-removed", `default ${before.default} removed`);
  if (before.default !== undefined && after.default !== undefined && before.default !== after.default)
    emit("default-changed", `default ${before.default} → ${after.default}`);
  // readOnly values are not sent and writeOnly values are not returned: only one side of each matters.
  const [hides, ignored] = context.direction === "request" ? (["readOnly", "writeOnly"] as const) : (["writeOnly", "readOnly"] as const);
  if (!before[hides] && after[hides]) emit("property-hidden", `now ${hides}`);
  if (before[hides] && !after[hides]) emit("property-unhidden", `no longer ${hides}`);
  if (before[ignored] !== after[ignored]) emit("docs-changed", `${ignored} ${after[ignored] ? "added" : "removed"} (no effect on this side)`);
  if (!before.deprecated && after.deprecated) emit("deprecated", "now deprecated");
  if (before.deprecated && !after.deprecated) emit("undeprecated", "no longer deprecated");
}

function compareProperties(before: SchemaNode, after: SchemaNode, emit: Emit): void {
  const names = new Set([...before.properties.keys(), ...after.properties.keys(), ...before.required, ...after.required]);
  for (const name of names) {
    const at = name;
    const [was, now] = [before.properties.has(name), after.properties.has(name)];
    const [requiredBefore, requiredAfter] = [before.required.has(name), after.required.has(name)];
    if (was && !now) emit("property-removed", "field removed", at);
    else if (!was && now) emit(requiredAfter ? "required-property-added" : "property-added", requiredAfter ? "required field added" : "field added", at);
    else if (requiredAfter && !requiredBefore) emit("property-now-required", "became required", at);
    else if (!requiredAfter && requiredBefore) emit("property-now-optional", "became optional", at);
  }
}

/** A node whose only content is its union (and words): wrapping a schema in one adds variants beside it. */
function isPureUnion(node: SchemaNode): boolean {
  return acceptsAnything({ ...node, variants: undefined, discriminator: undefined, deprecated: false });
}

function compareVariants(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): [SchemaNode, SchemaNode][] {
  const [was, now] = [before.variants, after.variants];
  if (!was && !now) return [];
  if (!was && now) {
    emit("constraint-tightened", `must now also match one of ${now.branches.length} variants`);
    return [];
  }
  if (was && !now) {
    emit("constraint-loosened", `no longer restricted to one of ${was.branches.length} variants`);
    return [];
  }
  if (!was || !now) return [];
  if (was.exclusive !== now.exclusive) {
    const move = `${was.exclusive ? "oneOf" : "anyOf"} → ${now.exclusive ? "oneOf" : "anyOf"}`;
    // A request that matched several variants is refused by oneOf. A response is typed as the same
    // union either way, and the client never checks exclusivity: words for the reader.
    if (context.direction === "response") emit("docs-changed", `${move} (the same union to the client)`);
    else emit(now.exclusive ? "constraint-tightened" : "constraint-loosened", move);
  }
  const { pairs, removed, added } = pairBranches(was.branches, now.branches, context.shapes);
  for (const node of removed) emit("one-of-branch-removed", `variant ${label(node, was.branches)} removed`);
  for (const node of added) emit("one-of-branch-added", `variant ${label(node, now.branches)} added`);
  return pairs;
}

function compareAllOf(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): [SchemaNode, SchemaNode][] {
  if (!before.allOf && !after.allOf) return [];
  const { pairs, removed, added } = pairBranches(before.allOf ?? [], after.allOf ?? [], context.shapes);
  for (const node of removed) emit("all-of-part-removed", `allOf part ${label(node, before.allOf ?? [])} removed`);
  for (const node of added) emit("all-of-part-added", `allOf part ${label(node, after.allOf ?? [])} added`);
  return pairs;
}

function compareDiscriminator(context: PairContext, before: SchemaNode, after: SchemaNode, variantPairs: [SchemaNode, SchemaNode][], emit: Emit): void {
  const [was, now] = [before.discriminator, after.discriminator];
  if (!was || !now) {
    if (now) emit("discriminator-added", `discriminator \`${now.propertyName}\` added`);
    if (was) emit("discriminator-removed", `discriminator \`${was.propertyName}\` removed`);
    return;
  }
  if (was.propertyName !== now.propertyName) {
    emit("discriminator-changed", `discriminator \`${was.propertyName}\` → \`${now.propertyName}\``);
    return;
  }
  const partner = new Map(variantPairs);
  const tagOf = (mapping: ReadonlyMap<string, SchemaNode>, node: SchemaNode) => [...mapping].find(([, target]) => target === node)?.[0];
  const retagged: string[] = [];
  for (const [tag, target] of was.mapping) {
    const moved = partner.get(target);
    // A variant removed or added takes its tag with it: the branch change says so already.
    if (moved === undefined) {
      const same = now.mapping.get(tag);
      if (same !== undefined && context.shapes.of(same) !== context.shapes.of(target) && !variantPairs.some(([, n]) => n === same)) retagged.push(tag);
      continue;
    }
    const newTag = tagOf(now.mapping, moved);
    if (newTag !== tag) retagged.push(`${tag} → ${newTag ?? "(none)"}`);
  }
  if (retagged.length > 0) emit("discriminator-changed", `discriminator \`${now.propertyName}\` values changed: ${retagged.join(", ")}`);
}

/**
 * Matches the branches of two unions (or allOf lists): equal structure first, then the same
 * component name, then the most similar. Order never matters.
 */
export function pairBranches(
  before: readonly SchemaNode[],
  after: readonly SchemaNode[],
  shapes: Shapes,
): { pairs: [SchemaNode, SchemaNode][]; removed: SchemaNode[]; added: SchemaNode[] } {
  const left = [...before];
  const right = [...after];
  const pairs: [SchemaNode, SchemaNode][] = [];
  const take = (match: (a: SchemaNode, b: SchemaNode) => boolean) => {
    for (const a of [...left]) {
      const index = right.findIndex((b) => match(a, b));
      if (index < 0) continue;
      pairs.push([a, right[index] as SchemaNode]);
      right.splice(index, 1);
      left.splice(left.indexOf(a), 1);
    }
  };
  take((a, b) => shapes.of(a) === shapes.of(b));
  take((a, b) => a.hint !== undefined && a.hint === b.hint);
  if (left.length === 1 && right.length === 1) take(() => true);
  for (;;) {
    let best: [SchemaNode, SchemaNode, number] | undefined;
    for (const a of left) for (const b of right) if (similarity(a, b) > (best?.[2] ?? 0)) best = [a, b, similarity(a, b)];
    if (!best) break;
    const [a, b] = best;
    pairs.push([a, b]);
    left.splice(left.indexOf(a), 1);
    right.splice(right.indexOf(b), 1);
  }
  return { pairs, removed: left, added: right };
}

/** Shared field names (objects) or shared types (anything else); 0 when they have nothing in common. */
function similarity(a: SchemaNode, b: SchemaNode): number {
  const names = new Set([...a.properties.keys(), ...b.properties.keys()]);
  if (names.size > 0) return [...a.properties.keys()].filter((name) => b.properties.has(name)).length / names.size;
  if (a.types && b.types && [...a.types].some((type) => b.types?.has(type))) return 0.5;
  return 0;
}
