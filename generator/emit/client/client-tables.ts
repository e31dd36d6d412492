import type { ApiModel, SecuritySchemeModel } from "../../model/types.js";
import { compactLiteral, literal } from "../shared/text.js";

/**
 * The data the runtime needs, as `const` tables. Every value from the spec goes through
 * JSON.stringify, so no spec text is ever spliced into code.
 */
export function buildClientTables(model: ApiModel): string[] {
  const tables: [string, unknown, string][] = [
    ["PATH_RULES", pathRules(model), "PathRules"],
    // Pairs through Object.fromEntries: the scheme names are the spec's, and TypeScript gives a
    // computed `["__proto__"]` key no contextual type, so `kind` would widen to string.
    ["SECURITY_SCHEMES", new Pairs(Object.entries(securitySchemes(model.securitySchemes)), "AuthScheme"), "Readonly<Record<string, AuthScheme>>"],
    ["OPERATION_SECURITY", operationSecurity(model), "OperationSecurity"],
    ["STOP_INPUT_RULES", stopInputRules(model), "readonly StopInputRule[]"],
  ];
  const server = model.servers[0];
  if (server) {
    const variables = Object.fromEntries(
      server.variables.map((v) => [v.name, { default: v.default, ...(v.enum ? { enum: v.enum } : {}), ...(v.required ? { required: v.required.why } : {}) }]),
    );
    tables.unshift(["SERVER", { url: server.url, variables }, "ServerTemplate"]);
  }
  if (Object.keys(model.defaults.query).length + Object.keys(model.defaults.header).length > 0) {
    tables.push(["DEFAULTS", model.defaults, "ParameterDefaults"]);
  }
  // Written as statement text rather than a VariableStatement structure: ts-morph gives an
  // initializer a hanging indent, which would push every line of a multi-line literal one level
  // right and need a formatting pass (the slowest part of client emission) to undo.
  const statements = tables.map(([name, value, type]) => {
    const text = value instanceof Pairs ? `Object.fromEntries<${value.type}>(${literal(value.entries)})` : literal(value);
    return `const ${name}: ${type} = ${text};`;
  });
  // The spec's own request-id headers first, then the common ones.
  statements.push(`const REQUEST_ID_HEADERS: readonly string[] = [...${compactLiteral(documentedRequestIdHeaders(model))}, ...COMMON_REQUEST_ID_HEADERS];`);
  return statements;
}

/** Built with Object.fromEntries, which defines keys: assigning a parameter named `__proto__` would set a prototype instead. */
function pathRules(model: ApiModel): Record<string, Record<string, object>> {
  const byPath = new Map<string, [string, object][]>();
  for (const operation of model.operations) {
    for (const parameter of operation.parameters.path) {
      const { format, minLength, maxLength } = parameter.constraints;
      const pattern = parameter.constraints.patternUnchecked ? undefined : parameter.constraints.pattern;
      const rule = Object.fromEntries(Object.entries({ format, pattern, minLength, maxLength }).filter(([, v]) => v !== undefined));
      if (Object.keys(rule).length === 0) continue;
      byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), [parameter.name, rule]]);
    }
  }
  return Object.fromEntries([...byPath].map(([path, rules]) => [path, Object.fromEntries(rules)]));
}

function securitySchemes(schemes: SecuritySchemeModel[]): Record<string, object> {
  return Object.fromEntries(
    schemes.map((scheme) => {
      const option = scheme.optionName;
      if (scheme.kind === "api-key") return [scheme.name, { kind: "api-key", in: scheme.in, name: scheme.parameterName, option }];
      if (scheme.kind === "http-basic") return [scheme.name, { kind: "basic", option }];
      // OAuth2 and OpenID Connect access tokens travel as bearer tokens.
      return [scheme.name, { kind: "bearer", option }];
    }),
  );
}

function operationSecurity(model: ApiModel): Record<string, string[][]> {
  return Object.fromEntries(model.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.security]));
}

const REQUEST_ID = /^(x-)?(ms-|amzn-)?(request|req|trace|correlation)[-_]?id$/i;

/** Response headers the spec documents that carry a request id (`x-request-id`, `apim-request-id`…). */
function documentedRequestIdHeaders(model: ApiModel): string[] {
  const names = model.operations.flatMap((operation) => operation.responses.flatMap((response) => response.headers));
  return [...new Set(names.map((name) => name.toLowerCase()).filter((name) => REQUEST_ID.test(name) || /-request-id$/.test(name)))].sort();
}

/** Every stop input with where it goes and what the spec allows: checked by the runtime before sending. */
function stopInputRules(model: ApiModel): object[] {
  return model.stopSession.inputs.map((input) => {
    const { format, minLength, maxLength, enum: values } = input.constraints;
    const pattern = input.constraints.patternUnchecked ? undefined : input.constraints.pattern;
    const type = input.valueType === "other" ? undefined : input.valueType;
    const limits = Object.entries({ type, format, pattern, minLength, maxLength, enum: values }).filter(([, value]) => value !== undefined);
    return { field: input.field, in: input.in, name: input.name, role: input.role, required: input.required, ...Object.fromEntries(limits) };
  });
}

/** A table written as `Object.fromEntries<type>([[key, value], …])`: its keys never sit in an object literal. */
class Pairs {
  constructor(
    readonly entries: [string, unknown][],
    readonly type: string,
  ) {}
}
