import { SpecError, type SpecLocation } from "../errors.js";
import type { InputRef, ParameterRef, ProviderManifest } from "../load/manifest.js";
import { deref, isObject, type JsonObject } from "./deref.js";
import { camelCase, isSafeIdentifier } from "./identifiers.js";
import { buildOutcomes } from "./outcomes.js";
import { createValueChecker } from "./schema-values.js";
import type {
  ApiModel,
  OperationModel,
  ParameterConstraints,
  ParameterDefaults,
  ParameterLocation,
  ParameterModel,
  StopConstantModel,
  StopInputModel,
  StopSessionModel,
  StopTarget,
} from "./types.js";

/** What each stop effect does, in words shared by the client's JSDoc and the package README. */
export const STOP_EFFECT_TEXT = {
  terminate: "ends the session",
  "cancel-turn": "cancels the session's running turn; the session stays usable",
  "stop-at-checkpoint": "halts the run at its next checkpoint; partial results are kept",
} as const;

/** The operation the manifest maps to stopSession; buildStopSession has checked it exists. */
export function findStopOperation(model: ApiModel): OperationModel {
  const operation = model.operations.find((candidate) => candidate.operationId === model.stopSession.operationId);
  if (!operation) throw new Error(`stop-session operation ${model.stopSession.operationId} missing from the model`);
  return operation;
}

/** The parameter a stop target names; undefined for a body field. */
export function mappedParameter(operation: OperationModel, ref: StopTarget): ParameterModel | undefined {
  if (ref.in === "body") return undefined;
  return operation.parameters[ref.in].find((parameter) => parameter.name === ref.name);
}

export interface StopSessionInput {
  manifest: ProviderManifest;
  operations: OperationModel[];
  /** The selected bundled document: constants are checked against its schemas. */
  document: JsonObject;
  defaults: ParameterDefaults;
  manifestFile: string;
  /** Line of a JSON pointer in provider.yaml, for messages. */
  lineOf?: (pointer: string) => number | undefined;
}

/**
 * Resolves the manifest's stop mapping against the spec, once: each input and constant is found in
 * the operation, each constant is checked against its schema, and every required parameter or body
 * field must be covered by an input, a constant or a default. Anything else is a SpecError naming
 * the manifest field and the parameter, so generate refuses it before emitting a client that would
 * not compile or would send the wrong request.
 */
export function buildStopSession(input: StopSessionInput): StopSessionModel {
  const { manifest, operations, manifestFile } = input;
  const at = (pointer: string): SpecLocation => ({ file: manifestFile, pointer, line: input.lineOf?.(pointer) });
  const stop = manifest.stopSession;
  const operation = operations.find((candidate) => candidate.operationId === stop.operationId);
  if (!operation) {
    const known = operations.map((candidate) => candidate.operationId);
    const list = known.length > 12 ? `${known.slice(0, 12).join(", ")} and ${known.length - 12} more` : known.join(", ");
    throw new SpecError(at("#/stopSession/operationId"), `stop-session operation ${JSON.stringify(stop.operationId)} is not in the spec (operations: ${list})`);
  }
  const describe = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;

  const mapped: [InputRef, StopInputModel["role"], string, string][] = [
    ...(stop.agent ? [[stop.agent, "agent", "agentId", "#/stopSession/agent"] as [InputRef, StopInputModel["role"], string, string]] : []),
    ...(stop.scope ?? []).map((ref, i): [InputRef, StopInputModel["role"], string, string] => [ref, "scope", fieldName(ref), `#/stopSession/scope/${i}`]),
    [stop.session, "session", "sessionId", "#/stopSession/session"],
    ...(stop.inputs ?? []).map((ref, i): [InputRef, StopInputModel["role"], string, string] => [ref, "input", fieldName(ref), `#/stopSession/inputs/${i}`]),
  ];
  const inputs: StopInputModel[] = [];
  const seen = new Map<string, string>();
  for (const [ref, role, field, pointer] of mapped) {
    const target = findTarget(operation, ref, describe, at(pointer));
    if (!isSafeIdentifier(field)) throw new SpecError(at(pointer), `input name ${JSON.stringify(field)} is not a usable identifier; set \`input\``);
    if (seen.has(field)) throw new SpecError(at(pointer), `input name ${JSON.stringify(field)} is already used by ${seen.get(field)}; set \`input\``);
    const key = `${ref.in}:${ref.name.toLowerCase()}`;
    if ([...inputs].some((known) => `${known.in}:${known.name.toLowerCase()}` === key))
      throw new SpecError(at(pointer), `${ref.in} ${JSON.stringify(ref.name)} is mapped twice`);
    seen.set(field, pointer);
    const model: StopInputModel = {
      in: ref.in,
      name: target.name,
      field,
      role,
      // The session and the scope are what a stop is about: always required, whatever the spec says.
      required: role !== "input" || target.required,
      valueType: valueTypeOf(target.constraints),
      constraints: target.constraints,
    };
    if (target.description) model.description = target.description;
    if (target.example !== undefined) model.example = target.example;
    inputs.push(model);
  }

  const constants = buildConstants(input, operation, describe, at, inputs);
  const defaulted = coverRequired(input, operation, describe, at, inputs, constants);
  const sendsBody = operation.requestBody?.required === true || [...inputs, ...constants].some((target) => target.in === "body");
  if (sendsBody && !operation.requestBody?.jsonContentType) {
    throw new SpecError(at("#/stopSession"), `${describe} needs a request body, but declares no JSON media type; agentstop sends JSON bodies only`);
  }
  const model: StopSessionModel = {
    operationId: operation.operationId,
    effect: stop.effect,
    session: { in: stop.session.in, name: stop.session.name },
    inputs,
    constants,
    defaulted,
    sendsBody,
    outcomes: buildOutcomes(operation, input.manifest.outcomes),
  };
  if (stop.agent) model.agent = { in: stop.agent.in, name: stop.agent.name };
  return model;
}

function fieldName(ref: InputRef): string {
  return ref.input ?? camelCase(ref.name);
}

interface FoundTarget {
  name: string;
  required: boolean;
  constraints: ParameterConstraints;
  description?: string;
  example?: string;
}

/** The parameter or body field a manifest reference names, or a SpecError saying what exists. */
function findTarget(operation: OperationModel, ref: ParameterRef, describe: string, place: SpecLocation): FoundTarget {
  if (ref.in === "body") {
    const body = operation.requestBody;
    if (!body) throw new SpecError(place, `${JSON.stringify(ref.name)} is mapped to the body, but ${describe} has no request body`);
    const field = body.fields.find((candidate) => candidate.name === ref.name);
    if (!field) {
      const known = body.fields.map((candidate) => candidate.name).join(", ") || "none declared";
      throw new SpecError(place, `${JSON.stringify(ref.name)} is not a field of ${describe}'s JSON body (fields: ${known})`);
    }
    return field;
  }
  const parameter = operation.parameters[ref.in].find((candidate) => candidate.name.toLowerCase() === ref.name.toLowerCase());
  if (!parameter) {
    const known = (["path", "query", "header", "cookie"] as const).flatMap((where) => operation.parameters[where].map((p) => `${where} ${p.name}`)).join(", ");
    throw new SpecError(place, `${JSON.stringify(ref.name)} is not a ${ref.in} parameter of ${describe} (parameters: ${known || "none"})`);
  }
  return parameter;
}

function valueTypeOf(constraints: ParameterConstraints): StopInputModel["valueType"] {
  const type = constraints.type;
  return type === "string" || type === "integer" || type === "number" || type === "boolean" ? type : type === undefined ? "string" : "other";
}

/** The manifest's constants, each found in the operation and checked against its schema. */
function buildConstants(
  input: StopSessionInput,
  operation: OperationModel,
  describe: string,
  at: (pointer: string) => SpecLocation,
  inputs: readonly StopInputModel[],
): StopConstantModel[] {
  const declared = input.manifest.stopSession.constants ?? {};
  const constants: StopConstantModel[] = [];
  let check: ReturnType<typeof createValueChecker> | undefined;
  for (const location of ["path", "query", "header", "body"] as const) {
    for (const [name, value] of Object.entries(declared[location] ?? {})) {
      const pointer = `#/stopSession/constants/${location}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      const target = findTarget(operation, { in: location, name }, describe, at(pointer));
      if (inputs.some((known) => known.in === location && known.name.toLowerCase() === name.toLowerCase()))
        throw new SpecError(at(pointer), `${location} ${JSON.stringify(name)} is both an input and a constant`);
      check ??= createValueChecker(input.document);
      const schema = location === "body" ? bodyFieldSchema(input.document, operation, name) : parameterSchema(input.document, operation, location, name);
      const problems = check(schema, value, { coerce: location !== "body" });
      if (problems.length > 0) {
        throw new SpecError(
          at(pointer),
          `constant ${JSON.stringify(value)} for ${location} ${JSON.stringify(name)} is not allowed by the spec: ${problems.join("; ")}`,
        );
      }
      constants.push({ in: location, name: target.name, value: location === "body" ? value : asSchemaType(value, target.constraints.type) });
    }
  }
  return constants;
}

/**
 * Every required parameter and required body field must be an input, a constant or (query and
 * header parameters) a manifest default; returns the ones the defaults fill.
 */
function coverRequired(
  input: StopSessionInput,
  operation: OperationModel,
  describe: string,
  at: (pointer: string) => SpecLocation,
  inputs: readonly StopInputModel[],
  constants: readonly StopConstantModel[],
): StopSessionModel["defaulted"] {
  const covered = (where: string, name: string) =>
    [...inputs, ...constants].some((target) => target.in === where && target.name.toLowerCase() === name.toLowerCase());
  const defaulted: StopSessionModel["defaulted"] = [];
  const missing: string[] = [];
  for (const location of ["path", "query", "header", "cookie"] as const satisfies readonly ParameterLocation[]) {
    for (const parameter of operation.parameters[location]) {
      if (!parameter.required || covered(location, parameter.name)) continue;
      const defaults = location === "query" || location === "header" ? input.defaults[location] : {};
      const hasDefault = Object.keys(defaults).some((name) => name.toLowerCase() === parameter.name.toLowerCase());
      if (hasDefault && (location === "query" || location === "header")) defaulted.push({ in: location, name: parameter.name });
      else missing.push(`${location} parameter ${JSON.stringify(parameter.name)}`);
    }
  }
  const body = operation.requestBody;
  const sendsBody = body?.required === true || [...inputs, ...constants].some((target) => target.in === "body");
  if (body && sendsBody) {
    for (const field of body.fields) if (field.required && !covered("body", field.name)) missing.push(`body field ${JSON.stringify(field.name)}`);
  }
  if (missing.length > 0) {
    throw new SpecError(
      at("#/stopSession"),
      `${describe} requires ${missing.join(", ")}, which the stop mapping does not cover: add each to stopSession.inputs (the caller supplies it), stopSession.constants (always sent) or, for query and header parameters, defaults`,
    );
  }
  return defaulted;
}

/** The raw schema of a parameter of the operation (operation level wins over path level). */
function parameterSchema(document: JsonObject, operation: OperationModel, location: string, name: string): unknown {
  const pathItem = deref(document, (isObject(document.paths) ? document.paths : {})[operation.path]);
  const raw = deref(document, pathItem[operation.method]);
  const all = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(raw.parameters) ? raw.parameters : [])];
  const found = all.map((parameter) => deref(document, parameter)).filter((p) => p.in === location && String(p.name).toLowerCase() === name.toLowerCase());
  return found.at(-1)?.schema;
}

/** The raw schema of a top-level field of the operation's JSON body, looking through `allOf`. */
function bodyFieldSchema(document: JsonObject, operation: OperationModel, name: string): unknown {
  const pathItem = deref(document, (isObject(document.paths) ? document.paths : {})[operation.path]);
  const body = deref(document, deref(document, pathItem[operation.method]).requestBody);
  const content = isObject(body.content) ? body.content : {};
  const media = content[operation.requestBody?.jsonContentType ?? ""];
  const search = (raw: unknown, depth: number): unknown => {
    if (depth > 8) return undefined;
    const schema = deref(document, raw);
    if (isObject(schema.properties) && name in schema.properties) return schema.properties[name];
    for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
      const found = search(branch, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return isObject(media) ? search(media.schema, 0) : undefined;
}

/** A parameter constant as the type its schema declares (`"5"` for an integer is sent as 5): what the client's types expect. */
function asSchemaType(value: unknown, type: string | undefined): unknown {
  if (typeof value !== "string") return value;
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}
