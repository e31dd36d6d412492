import type { ChangeKind } from "./rules.js";
import type { PairContext } from "./schema-diff.js";
import { acceptsAnything, type Bound, COUNT_KEYWORDS, type SchemaNode, TEXT_KEYWORDS } from "./schema-model.js";

// The keywords of one pair of schema nodes that say which values exist: types, nullability, enums,
// bounds, formats and patterns, defaults, visibility, and which fields there are.

/** Reports one change at a node (or at `at` below it); the walker adds where and classifies by side. */
export type Emit = (kind: ChangeKind, what: string, at?: string) => void;

/** Types, nullability and enums: which values exist at all. */
export function compareValues(before: SchemaNode, after: SchemaNode, emit: Emit): void {
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

export function disjoint(before: ReadonlySet<string> | undefined, after: ReadonlySet<string> | undefined): boolean {
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
export function compareConstraints(before: SchemaNode, after: SchemaNode, emit: Emit): void {
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
export function compareAnnotations(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): void {
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

export function compareProperties(before: SchemaNode, after: SchemaNode, emit: Emit): void {
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
