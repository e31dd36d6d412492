import { deref, type JsonObject, optionalString } from "./deref.js";
import type { ParameterConstraints, ParameterLocation, ParameterModel } from "./types.js";

const LOCATIONS: readonly ParameterLocation[] = ["path", "query", "header", "cookie"];

/** Path-level and operation-level parameters merged (operation wins), grouped by location. */
export function buildParameters(document: JsonObject, pathItem: JsonObject, operation: JsonObject): Record<ParameterLocation, ParameterModel[]> {
  const merged = new Map<string, ParameterModel>();
  for (const raw of [...asList(pathItem.parameters), ...asList(operation.parameters)]) {
    const parameter = deref(document, raw);
    const location = parameter.in;
    if (!LOCATIONS.includes(location as ParameterLocation) || typeof parameter.name !== "string") continue;
    const model: ParameterModel = {
      name: parameter.name,
      in: location as ParameterLocation,
      required: location === "path" || parameter.required === true,
      description: optionalString(parameter.description),
      deprecated: parameter.deprecated === true,
      constraints: constraintsOf(deref(document, parameter.schema), document),
      example: exampleOf(parameter, deref(document, parameter.schema)),
    };
    merged.set(`${model.in}:${model.name.toLowerCase()}`, model);
  }
  const grouped = { path: [], query: [], header: [], cookie: [] } as Record<ParameterLocation, ParameterModel[]>;
  for (const parameter of merged.values()) grouped[parameter.in].push(parameter);
  return grouped;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The string constraints a client can check before sending; `anyOf` with null is unwrapped. */
export function constraintsOf(schema: JsonObject, document: JsonObject): ParameterConstraints {
  const nonNull = Array.isArray(schema.anyOf) ? schema.anyOf.map((s) => deref(document, s)).filter((s) => s.type !== "null") : [];
  const effective = nonNull.length === 1 ? (nonNull[0] as JsonObject) : schema;
  const type = Array.isArray(effective.type) ? effective.type.find((t) => t !== "null") : effective.type;
  const constraints: ParameterConstraints = {};
  if (typeof type === "string") constraints.type = type;
  if (typeof effective.format === "string") constraints.format = effective.format;
  if (typeof effective.pattern === "string") constraints.pattern = effective.pattern;
  if (typeof effective.minLength === "number") constraints.minLength = effective.minLength;
  if (typeof effective.maxLength === "number") constraints.maxLength = effective.maxLength;
  if (Array.isArray(effective.enum)) constraints.enum = effective.enum.map(String);
  else if (effective.const !== undefined) constraints.enum = [String(effective.const)];
  return constraints;
}

function exampleOf(parameter: JsonObject, schema: JsonObject): string | undefined {
  const candidates = [parameter.example, schema.example, Array.isArray(schema.examples) ? schema.examples[0] : undefined];
  const found = candidates.find((value) => typeof value === "string" || typeof value === "number");
  return found === undefined ? undefined : String(found);
}
