import type { Shapes } from "./fingerprint.js";
import type { PairContext } from "./schema-diff.js";
import type { Emit } from "./schema-keywords.js";
import { acceptsAnything, type SchemaNode } from "./schema-model.js";

// oneOf/anyOf, allOf parts that stayed apart, and discriminators: lists whose order means nothing,
// so their members are paired before they are compared.

/** A branch by its component name, else by what it holds (`{error}`, `string`), else its position. */
export function label(node: SchemaNode, siblings: readonly SchemaNode[]): string {
  if (node.hint !== undefined) return node.hint;
  if (node.properties.size > 0) return `{${[...node.properties.keys()].join(", ")}}`;
  if (node.enum) return [...node.enum.keys()].join(" | ");
  if (node.types && node.types.size > 0) return [...node.types].join(" | ");
  return String(siblings.indexOf(node));
}

/** A node whose only content is its union (and words): wrapping a schema in one adds variants beside it. */
export function isPureUnion(node: SchemaNode): boolean {
  return acceptsAnything({ ...node, variants: undefined, discriminator: undefined, deprecated: false });
}

export function compareVariants(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): [SchemaNode, SchemaNode][] {
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

export function compareAllOf(context: PairContext, before: SchemaNode, after: SchemaNode, emit: Emit): [SchemaNode, SchemaNode][] {
  if (!before.allOf && !after.allOf) return [];
  const { pairs, removed, added } = pairBranches(before.allOf ?? [], after.allOf ?? [], context.shapes);
  for (const node of removed) emit("all-of-part-removed", `allOf part ${label(node, before.allOf ?? [])} removed`);
  for (const node of added) emit("all-of-part-added", `allOf part ${label(node, after.allOf ?? [])} added`);
  return pairs;
}

export function compareDiscriminator(context: PairContext, before: SchemaNode, after: SchemaNode, variantPairs: [SchemaNode, SchemaNode][], emit: Emit): void {
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
