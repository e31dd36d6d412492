import { diffServers, diffUnusedSchemes } from "./access-diff.js";
import { type Shapes, shapesOf } from "./fingerprint.js";
import { type MediaModel, normalizeSpec, type OperationModel, type SpecModel } from "./normalize.js";
import { diffOperation } from "./operation-diff.js";
import { change, type SpecChange } from "./rules.js";
import { schemaDiffer } from "./schema-diff.js";
import type { SchemaNode } from "./schema-model.js";

type Json = Record<string, unknown>;

/**
 * What changed between two bundled specs, seen from the generated client: both are normalized
 * (normalize.ts) so only structure is compared, then walked object by object and each change
 * classified by rules.ts. Pure: both documents are read, never changed.
 */
export function diffSpecs(before: Json, after: Json): SpecChange[] {
  const [was, now] = [normalizeSpec(before), normalizeSpec(after)];
  const shapes = shapesOf([...schemasOf(was), ...schemasOf(now)]);
  const schemas = schemaDiffer(shapes);
  const changes: SpecChange[] = [
    ...diffServers(was.servers, now.servers, "spec"),
    ...diffUnusedSchemes(was.schemes, now.schemes, new Set([...was.usedSchemes, ...now.usedSchemes])),
  ];
  const { pairs, removed, added } = matchOperations(was.operations, now.operations);
  for (const operation of was.operations.values()) {
    if (removed.includes(operation)) {
      changes.push(named(change("operation-removed", operation.key, `${operation.key} removed`), operation));
      continue;
    }
    const current = pairs.get(operation);
    if (!current) continue;
    const found: SpecChange[] = [];
    if (current.template !== operation.template) found.push(change("operation-path-changed", operation.key, `path ${operation.path} → ${current.path}`));
    if (current.method !== operation.method)
      found.push(change("operation-method-changed", operation.key, `method ${operation.method.toUpperCase()} → ${current.method.toUpperCase()}`));
    found.push(...diffOperation(operation, current, { before: was.servers, after: now.servers }, schemas));
    // Words are listed only for an operation whose structure did not change: a break or an
    // addition already brings the operation to the reader's attention.
    if (found.length === 0 && docsOf(operation, shapes) !== docsOf(current, shapes))
      found.push(change("docs-changed", current.key, "descriptions, summaries or examples changed"));
    changes.push(...found.map((item) => named(item, current)));
  }
  for (const operation of added) changes.push(named(change("operation-added", operation.key, `${operation.key} added`), operation));
  if (was.webhooks !== now.webhooks) changes.push(change("unclassified-change", "webhooks", "webhooks changed (no rule looks inside webhooks)"));
  for (const key of new Set([...was.unknown.keys(), ...now.unknown.keys()]))
    if (was.unknown.get(key) !== now.unknown.get(key)) changes.push(change("unclassified-change", "spec", `top-level \`${key}\` added, removed or changed`));
  if (changes.length === 0 && was.docs !== now.docs) changes.push(change("docs-changed", "spec", "info, tags or server descriptions changed"));
  return changes;
}

/** Every schema an operation holds directly; the rest is reached through them. */
function schemasOf(model: SpecModel): SchemaNode[] {
  return [...model.operations.values()].flatMap((operation) => [
    ...[...operation.parameters.values()].map((parameter) => parameter.schema),
    ...[...(operation.requestBody?.content.values() ?? [])].map((media) => media.schema),
    ...[...operation.responses.values()].flatMap((response) => [
      ...[...response.content.values()].map((media) => media.schema),
      ...[...response.headers.values()].map((header) => header.schema),
    ]),
  ]);
}

function named(found: SpecChange, operation: OperationModel): SpecChange {
  return operation.operationId === undefined ? found : { ...found, name: operation.operationId };
}

/**
 * Pairs the operations of both sides: the same METHOD and path; else the same path shape with
 * other parameter names (`/a/{id}` and `/a/{session_id}`); else the same operationId elsewhere
 * (HeyGen's move), which is one operation that moved, not a removal and an addition.
 */
function matchOperations(before: ReadonlyMap<string, OperationModel>, after: ReadonlyMap<string, OperationModel>) {
  const removed = [...before.values()];
  const added = [...after.values()];
  const pairs = new Map<OperationModel, OperationModel>();
  const take = (same: (a: OperationModel, b: OperationModel) => boolean) => {
    for (const operation of [...removed]) {
      const index = added.findIndex((candidate) => same(operation, candidate));
      if (index < 0) continue;
      pairs.set(operation, added[index] as OperationModel);
      added.splice(index, 1);
      removed.splice(removed.indexOf(operation), 1);
    }
  };
  take((a, b) => a.key === b.key);
  take((a, b) => a.method === b.method && a.template === b.template);
  take((a, b) => a.operationId !== undefined && a.operationId === b.operationId);
  return { pairs, removed, added };
}

/** Every word an operation carries, down through its schemas; compared only when nothing else changed. */
function docsOf(operation: OperationModel, shapes: Shapes): string {
  const fingerprint = (node: SchemaNode) => shapes.withDocs(node);
  const byKey = <T>(map: ReadonlyMap<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const media = (content: ReadonlyMap<string, MediaModel>) => byKey(content).map(([type, value]) => [type, value.docs, fingerprint(value.schema)]);
  return JSON.stringify([
    operation.docs,
    byKey(operation.parameters).map(([key, parameter]) => [key, parameter.docs, fingerprint(parameter.schema)]),
    operation.requestBody && [operation.requestBody.docs, media(operation.requestBody.content)],
    byKey(operation.responses).map(([status, response]) => [
      status,
      response.docs,
      media(response.content),
      byKey(response.headers).map(([name, header]) => [name, header.docs, fingerprint(header.schema)]),
    ]),
  ]);
}
