import { setText } from "./canonical.js";
import type { SchemaNode } from "./schema-model.js";

/**
 * A schema graph as text: equal text means equal structure (`withDocs`: and equal words). A cycle
 * is written as how many levels up it returns (`@2`), never by a name, so a recursive schema renamed
 * gives the same text. Texts of subgraphs that do not reach outside themselves are memoized.
 */
export function fingerprint(node: SchemaNode, withDocs = false): string {
  return print(node, [], withDocs ? withDocsMemo : structureMemo).text;
}

/** The node's own keywords, children left out: what the walker compares at this level. */
export function ownKeywords(node: SchemaNode): string {
  return JSON.stringify(own(node));
}

const structureMemo = new WeakMap<SchemaNode, string>();
const withDocsMemo = new WeakMap<SchemaNode, string>();

function print(node: SchemaNode, stack: SchemaNode[], memo: WeakMap<SchemaNode, string>): { text: string; reach: number } {
  const at = stack.indexOf(node);
  if (at >= 0) return { text: `@${stack.length - at}`, reach: at };
  const known = memo.get(node);
  if (known !== undefined) return { text: known, reach: Number.POSITIVE_INFINITY };
  const depth = stack.length;
  stack.push(node);
  let reach = Number.POSITIVE_INFINITY;
  const child = (inner: SchemaNode) => {
    const printed = print(inner, stack, memo);
    reach = Math.min(reach, printed.reach);
    return printed.text;
  };
  const sortedBranches = (branches: readonly SchemaNode[]) => branches.map(child).sort();
  const parts: Record<string, unknown> = {
    own: own(node),
    properties: [...node.properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, inner]) => [name, child(inner)]),
    additionalProperties: node.additionalProperties ? child(node.additionalProperties) : node.additionalProperties,
    items: node.items && child(node.items),
    prefixItems: node.prefixItems?.map(child),
    variants: node.variants && sortedBranches(node.variants.branches),
    allOf: node.allOf && sortedBranches(node.allOf),
    mapping: node.discriminator && [...node.discriminator.mapping].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([tag, inner]) => [tag, child(inner)]),
  };
  if (memo === withDocsMemo) parts.docs = node.docs;
  stack.pop();
  const text = JSON.stringify(parts);
  // Reaching no further up than itself: the text means the same wherever the node is met.
  if (reach >= depth) memo.set(node, text);
  return { text, reach };
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
