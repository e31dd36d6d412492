import { diffSecurity, diffServers } from "./access-diff.js";
import type { MediaModel, OperationModel, ParameterModel, RequestBodyModel, ResponseModel, ServerModel } from "./normalize.js";
import { change, type Direction, type SpecChange } from "./rules.js";
import type { SchemaDiffer } from "./schema-diff.js";

/**
 * Everything that changed inside one operation present on both sides (its identity, path and
 * method are spec-diff's business). One differ per OpenAPI object; each emits changes of a kind.
 */
export function diffOperation(
  before: OperationModel,
  after: OperationModel,
  documentServers: { before: readonly ServerModel[]; after: readonly ServerModel[] },
  schemas: SchemaDiffer,
): SpecChange[] {
  const where = after.key;
  const changes: SpecChange[] = [];
  if (before.operationId !== after.operationId)
    changes.push(change("operation-renamed", where, `operationId ${before.operationId ?? "(none)"} → ${after.operationId ?? "(none)"}`));
  if (!before.deprecated && after.deprecated) changes.push(change("deprecated", where, "the operation is now deprecated"));
  if (before.deprecated && !after.deprecated) changes.push(change("undeprecated", where, "the operation is no longer deprecated"));
  changes.push(...diffParameters(before, after, where, schemas));
  changes.push(...diffRequestBody(before.requestBody, after.requestBody, where, schemas));
  changes.push(...diffResponses(before.responses, after.responses, where, schemas));
  changes.push(...diffSecurity(before.security, after.security, where));
  if (before.servers || after.servers) changes.push(...diffServers(before.servers ?? documentServers.before, after.servers ?? documentServers.after, where));
  if (before.callbacks !== after.callbacks) changes.push(change("unclassified-change", where, "callbacks changed (no rule looks inside callbacks)"));
  changes.push(...unknownChanges(before.unknown, after.unknown, where, "the operation"));
  return changes;
}

/** Keys OpenAPI does not define: any difference is unclassified, named where it is. */
function unknownChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, where: string, label: string): SpecChange[] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((key) => before.get(key) !== after.get(key))
    .map((key) => change("unclassified-change", where, `${label}: \`${key}\` added, removed or changed`));
}

function describeParameter(parameter: ParameterModel): string {
  return `${parameter.in} parameter \`${parameter.name}\``;
}

/** The names of a path's parameters in the order they appear: `{id}` in `/a/{id}` is at 0. */
function pathNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] as string);
}

function diffParameters(before: OperationModel, after: OperationModel, where: string, schemas: SchemaDiffer): SpecChange[] {
  const changes: SpecChange[] = [];
  const removed = [...before.parameters.values()].filter((parameter) => !after.parameters.has(`${parameter.in}:${parameter.name}`));
  const added = [...after.parameters.values()].filter((parameter) => !before.parameters.has(`${parameter.in}:${parameter.name}`));
  const pairs: [ParameterModel, ParameterModel][] = [];
  for (const [key, parameter] of before.parameters) {
    const same = after.parameters.get(key);
    if (same) pairs.push([parameter, same]);
  }
  for (const parameter of [...removed]) {
    // The same name in another location: moved (header names compare case-insensitively).
    const moved = added.find((candidate) => candidate.name.toLowerCase() === parameter.name.toLowerCase());
    // A path parameter at the same position of the same path shape: renamed.
    const position = pathNames(before.path).indexOf(parameter.name);
    const renamed =
      parameter.in === "path" && position >= 0
        ? added.find((candidate) => candidate.in === "path" && pathNames(after.path).indexOf(candidate.name) === position)
        : undefined;
    const partner = moved ?? renamed;
    if (!partner) continue;
    removed.splice(removed.indexOf(parameter), 1);
    added.splice(added.indexOf(partner), 1);
    if (moved) changes.push(change("parameter-moved", where, `parameter \`${parameter.name}\` moved from ${parameter.in} to ${partner.in}`));
    else changes.push(change("parameter-renamed", where, `path parameter \`${parameter.name}\` renamed to \`${partner.name}\``));
    // Compared under the old name and place; a new place brings its own default serialization.
    pairs.push([parameter, { ...partner, in: parameter.in, name: parameter.name, serialization: moved ? parameter.serialization : partner.serialization }]);
  }
  for (const parameter of removed) changes.push(change("parameter-removed", where, `${describeParameter(parameter)} removed`));
  for (const parameter of added) {
    const kind = parameter.required ? "required-parameter-added" : "optional-parameter-added";
    changes.push(change(kind, where, `${describeParameter(parameter)} added${parameter.required ? ", required" : ""}`));
  }
  for (const [was, now] of pairs) {
    const name = describeParameter(was);
    if (now.required && !was.required) changes.push(change("parameter-now-required", where, `${name} became required`));
    if (!now.required && was.required) changes.push(change("parameter-now-optional", where, `${name} became optional`));
    if (now.deprecated && !was.deprecated) changes.push(change("deprecated", where, `${name} is now deprecated`));
    if (!now.deprecated && was.deprecated) changes.push(change("undeprecated", where, `${name} is no longer deprecated`));
    if (now.serialization !== was.serialization)
      changes.push(change("parameter-serialization-changed", where, `${name}: serialization ${was.serialization} → ${now.serialization}`));
    changes.push(...unknownChanges(was.unknown, now.unknown, where, name));
    changes.push(...schemas.diff({ where, direction: "request", label: `${was.in} parameter`, root: was.name }, was.schema, now.schema));
  }
  return changes;
}

function diffRequestBody(before: RequestBodyModel | undefined, after: RequestBodyModel | undefined, where: string, schemas: SchemaDiffer): SpecChange[] {
  if (!before && !after) return [];
  if (!before && after)
    return [
      after.required
        ? change("request-body-added", where, "a required request body was added")
        : change("optional-request-body-added", where, "an optional request body was added"),
    ];
  if (before && !after) return [change("request-body-removed", where, "the request body was removed")];
  if (!before || !after) return [];
  const changes: SpecChange[] = [];
  if (after.required && !before.required) changes.push(change("request-body-now-required", where, "the request body became required"));
  if (!after.required && before.required) changes.push(change("request-body-now-optional", where, "the request body became optional"));
  changes.push(...unknownChanges(before.unknown, after.unknown, where, "request body"));
  changes.push(...diffContent(before.content, after.content, { where, direction: "request", label: "request body", schemas }));
  return changes;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]*\+)?json(?:;|$)/;

/** Bodies by media type. One JSON type swapped for another is the same body to the generated client. */
function diffContent(
  before: ReadonlyMap<string, MediaModel>,
  after: ReadonlyMap<string, MediaModel>,
  { where, direction, label, schemas }: { where: string; direction: Direction; label: string; schemas: SchemaDiffer },
): SpecChange[] {
  const changes: SpecChange[] = [];
  const removed = [...before.keys()].filter((type) => !after.has(type));
  const added = [...after.keys()].filter((type) => !before.has(type));
  const pairs: [string, MediaModel, MediaModel][] = [...before].flatMap(([type, media]) => {
    const other = after.get(type);
    return other ? [[type, media, other] as [string, MediaModel, MediaModel]] : [];
  });
  const removedJson = removed.filter((type) => JSON_MEDIA.test(type));
  const addedJson = added.filter((type) => JSON_MEDIA.test(type));
  if (removedJson.length === 1 && addedJson.length === 1) {
    const [was, now] = [removedJson[0] as string, addedJson[0] as string];
    changes.push(change("media-type-renamed", where, `${label}: media type ${was} → ${now}`));
    removed.splice(removed.indexOf(was), 1);
    added.splice(added.indexOf(now), 1);
    pairs.push([now, before.get(was) as MediaModel, after.get(now) as MediaModel]);
  }
  for (const type of removed) changes.push(change("media-type-removed", where, `${label}: media type ${type} removed`));
  for (const type of added) changes.push(change("media-type-added", where, `${label}: media type ${type} added`));
  // The media type is named only when there is more than one, or it is not JSON.
  const named = after.size > 1 || before.size > 1;
  for (const [type, was, now] of pairs) {
    const site = named || !JSON_MEDIA.test(type) ? `${label} (${type})` : label;
    if (was.encoding !== now.encoding) changes.push(change("unclassified-change", where, `${site}: multipart encoding changed`));
    changes.push(...unknownChanges(was.unknown, now.unknown, where, site));
    changes.push(...schemas.diff({ where, direction, label: site, root: "" }, was.schema, now.schema));
  }
  return changes;
}

function diffResponses(
  before: ReadonlyMap<string, ResponseModel>,
  after: ReadonlyMap<string, ResponseModel>,
  where: string,
  schemas: SchemaDiffer,
): SpecChange[] {
  const changes: SpecChange[] = [];
  const isSuccess = (status: string) => status.startsWith("2");
  const successBodies = new Set(
    [...before]
      .filter(([status]) => isSuccess(status))
      .flatMap(([, response]) => [...response.content.values()].map((media) => schemas.shapes.of(media.schema))),
  );
  for (const [status, was] of before) {
    const now = after.get(status);
    if (!now) {
      changes.push(change(isSuccess(status) ? "success-response-removed" : "response-removed", where, `response ${status} removed`));
      continue;
    }
    changes.push(...unknownChanges(was.unknown, now.unknown, where, `response ${status}`));
    changes.push(...diffContent(was.content, now.content, { where, direction: "response", label: `response ${status} body`, schemas }));
    changes.push(...diffHeaders(status, was, now, where, schemas));
  }
  for (const [status, response] of after) {
    if (before.has(status)) continue;
    const newBody = isSuccess(status) && [...response.content.values()].some((media) => !successBodies.has(schemas.shapes.of(media.schema)));
    changes.push(
      newBody
        ? change("success-response-added", where, `response ${status} added, with a body the operation did not return before`)
        : change("response-added", where, `response ${status} added`),
    );
  }
  return changes;
}

function diffHeaders(status: string, before: ResponseModel, after: ResponseModel, where: string, schemas: SchemaDiffer): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const [name, was] of before.headers) {
    const now = after.headers.get(name);
    const label = `response ${status}: header ${name}`;
    if (!now) {
      changes.push(change("response-header-removed", where, `${label} removed`));
      continue;
    }
    if (was.required && !now.required) changes.push(change("response-header-now-optional", where, `${label} became optional`));
    if (!was.required && now.required) changes.push(change("response-header-now-required", where, `${label} became required`));
    if (!was.deprecated && now.deprecated) changes.push(change("deprecated", where, `${label} is now deprecated`));
    if (was.deprecated && !now.deprecated) changes.push(change("undeprecated", where, `${label} is no longer deprecated`));
    if (was.serialization !== now.serialization)
      changes.push(change("unclassified-change", where, `${label}: serialization ${was.serialization} → ${now.serialization}`));
    changes.push(...schemas.diff({ where, direction: "response", label: `response ${status} header`, root: name }, was.schema, now.schema));
  }
  for (const name of after.headers.keys())
    if (!before.headers.has(name)) changes.push(change("response-header-added", where, `response ${status}: header ${name} added`));
  return changes;
}
