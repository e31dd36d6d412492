import { setText } from "./canonical.js";
import type { SchemaNode } from "./schema-model.js";

/**
 * Which schema nodes of both documents have the same structure. Schemas form graphs (recursion,
 * shared components), and printing a graph as a tree grows exponentially with its cycles, so
 * equality is decided the way automata are minimized: start from each node's own keywords, then
 * split classes by the classes of the children until nothing splits. Equal class means equal
 * structure however it is named, referenced or unrolled; `withDocs` also counts the words.
 */
export interface Shapes {
  /** A number equal for two nodes exactly when their structures are equal. */
  of(node: SchemaNode): number;
  /** The same, counting words (descriptions, examples) as well. */
  withDocs(node: SchemaNode): number;
}

export function shapesOf(roots: Iterable<SchemaNode>): Shapes {
  const nodes = reachable(roots);
  const structure = partition(nodes, false);
  const words = partition(nodes, true);
  const lookup = (classes: Map<SchemaNode, number>, node: SchemaNode) => {
    const found = classes.get(node);
    if (found === undefined) throw new Error("a schema node outside the documents compared");
    return found;
  };
  return { of: (node) => lookup(structure, node), withDocs: (node) => lookup(words, node) };
}

/** The node's own keywords, children left out: what the walker compares at this level. */
export function ownKeywords(node: SchemaNode): string {
  return JSON.stringify(own(node));
}

function children(node: SchemaNode): SchemaNode[] {
  return [
    ...node.properties.values(),
    ...(node.additionalProperties ? [node.additionalProperties] : []),
    ...(node.items ? [node.items] : []),
    ...(node.prefixItems ?? []),
    ...(node.variants?.branches ?? []),
    ...(node.allOf ?? []),
    ...(node.discriminator?.mapping.values() ?? []),
  ];
}

function reachable(roots: Iterable<SchemaNode>): SchemaNode[] {
  const seen = new Set<SchemaNode>();
  const queue = [...roots];
  for (let node = queue.pop(); node; node = queue.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    queue.push(...children(node));
  }
  return [...seen];
}

const byName = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Children in a fixed order of slots; union and allOf members as sorted multisets. */
function signature(node: SchemaNode, classOf: (node: SchemaNode) => number): string {
  const sorted = (list: readonly SchemaNode[] | undefined) => list?.map(classOf).sort((a, b) => a - b);
  return JSON.stringify([
    byName(node.properties).map(([, inner]) => classOf(inner)),
    node.additionalProperties ? classOf(node.additionalProperties) : null,
    node.items ? classOf(node.items) : null,
    node.prefixItems?.map(classOf),
    sorted(node.variants?.branches),
    sorted(node.allOf),
    node.discriminator && byName(node.discriminator.mapping).map(([, inner]) => classOf(inner)),
  ]);
}

function partition(nodes: SchemaNode[], withDocs: boolean): Map<SchemaNode, number> {
  const intern = new Map<string, number>();
  const id = (text: string) => {
    const known = intern.get(text);
    if (known !== undefined) return known;
    intern.set(text, intern.size);
    return intern.size - 1;
  };
  let classes = new Map(nodes.map((node) => [node, id(`${ownKeywords(node)}${withDocs ? node.docs : ""}`)]));
  let count = new Set(classes.values()).size;
  for (;;) {
    intern.clear();
    const current = classes;
    const next = new Map(nodes.map((node) => [node, id(`${current.get(node)}|${signature(node, (inner) => current.get(inner) ?? -1)}`)]));
    const nextCount = new Set(next.values()).size;
    classes = next;
    // Each round only splits classes; when none splits, the partition is final.
    if (nextCount === count) return classes;
    count = nextCount;
  }
}

function own(node: SchemaNode): unknown[] {
  return [
    node.types && setText(node.types),
    node.nullable,
    node.enum && setText(node.enum.keys()),
    [...node.text].sort(),
    node.minimum,
    node.maximum,
    [...node.counts].sort(),
    node.multipleOf,
    node.uniqueItems,
    setText(node.required),
    setText(node.properties.keys()),
    node.additionalProperties === false,
    node.prefixItems?.length,
    node.variants?.exclusive,
    node.variants?.branches.length,
    node.allOf?.length,
    node.discriminator?.propertyName,
    node.discriminator && setText(node.discriminator.mapping.keys()),
    node.readOnly,
    node.writeOnly,
    node.deprecated,
    node.default,
    [...node.assertions].sort(),
    [...node.unknown].sort(),
  ];
}
