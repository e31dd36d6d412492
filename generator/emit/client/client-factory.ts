import type { FunctionDeclarationStructure } from "ts-morph";
import { findStopOperation } from "../../model/stop-session.js";
import type { ApiModel, OperationModel, ResponseShape } from "../../model/types.js";
import { compactLiteral, docText, literal, literalKey } from "../shared/text.js";
import { serverRequired } from "./client-types.js";
import { StructureKind } from "./ts-morph.js";

/** `create<Provider>Client(options)`: wires openapi-fetch with path safety, auth and defaults. */
export function buildClientFactory(model: ApiModel): FunctionDeclarationStructure {
  const name = model.provider.typeName;
  const server = model.servers[0];
  const hasDefaults = Object.keys(model.defaults.query).length + Object.keys(model.defaults.header).length > 0;
  const hasVariables = (server?.variables.length ?? 0) > 0;
  const destructured = [
    "auth",
    hasVariables && "serverVariables",
    "validatePathParameters = true",
    hasDefaults && "defaults",
    "timeoutMs",
    "maxRetries",
    "maxRetryDelayMs",
    "fetch",
    "...fetchOptions",
  ]
    .filter(Boolean)
    .join(", ");
  const baseUrl = server ? `fetchOptions.baseUrl ?? resolveServerUrl(SERVER${hasVariables ? ", serverVariables" : ""})` : "fetchOptions.baseUrl";
  const authEntries = model.securitySchemes.map((scheme) => `${literalKey(scheme.name)}: auth?.${scheme.optionName}`).join(", ");
  return {
    kind: StructureKind.Function,
    name: `create${name}Client`,
    isExported: true,
    docs: [`Creates a ${docText(model.provider.displayName)} client.`],
    parameters: [{ name: "options", type: `${name}ClientOptions`, initializer: server && !serverRequired(model) ? "{}" : undefined }],
    returnType: `${name}Client`,
    statements: [
      `const { ${destructured} } = options;`,
      `const credentials = createAuth(SECURITY_SCHEMES, OPERATION_SECURITY, { ${authEntries} });`,
      "const transport = createTransport({ fetch, timeoutMs, maxRetries, maxRetryDelayMs, userAgent: userAgentOf(PACKAGE_NAME, PACKAGE_VERSION), authorize: credentials.authorize });",
      `const baseUrl = (${baseUrl}).replace(/\\/+$/, "");`,
      "const serializePath = createSafePathSerializer(PATH_RULES, validatePathParameters);",
      "const raw = createClient<paths>({ ...fetchOptions, fetch: transport.fetch, baseUrl, pathSerializer: serializePath });",
      "raw.use(createPathPresenceCheck(), credentials.middleware);",
      hasDefaults
        ? "const parameterDefaults: ParameterDefaults = { query: { ...DEFAULTS.query, ...defaults?.query }, header: { ...DEFAULTS.header, ...defaults?.header } };"
        : "const parameterDefaults: ParameterDefaults = {};",
      ...(hasDefaults ? ["raw.use(createDefaultsMiddleware(parameterDefaults));"] : []),
      "const context: CallContext = { client: raw, transport, requestIdHeaders: REQUEST_ID_HEADERS };",
      "const stopContext: StopContext = { ...context, baseUrl, serializePath, headers: headersOf(fetchOptions.headers), defaults: parameterDefaults };",
      `const stopContract: OperationContract = ${compactLiteral(operationContract(findStopOperation(model)))};`,
      // Statement text is written already indented: the client is not run through a formatter.
      `const operations: ${name}Operations = {\n${model.operations.map((operation) => `  ${operationEntry(model, operation)}`).join("\n")}\n};`,
      `return {\n  operations,\n  raw,\n  stopSession: async (input, callOptions) => {\n    checkStopInput(input, STOP_INPUT_RULES);\n    return sendStop(stopContext, stopContract, ${stopParts(model)}, callOptions);\n  },\n};`,
    ],
  };
}

/** Each method passes the runtime its operation's contract: method, path, whether to retry, and what its responses look like. */
function operationEntry(model: ApiModel, operation: OperationModel): string {
  const contract = operation === findStopOperation(model) ? "stopContract" : compactLiteral(operationContract(operation));
  return `${operation.methodName}: (...[init]) => invoke(context, ${contract}, init),`;
}

function operationContract(operation: OperationModel): OperationContract {
  const errors = operation.responses
    .filter((response) => response.kind !== "success" && response.kind !== "informational" && response.kind !== "redirect")
    .map((response): [string, ResponseShape | null] => [response.status, response.shape]);
  return {
    method: operation.method,
    path: operation.path,
    retrySafe: operation.retry.safe,
    successJson: operation.responses.some((response) => response.kind === "success" && response.shape !== null),
    errors,
  };
}

/** The runtime's OperationContract, as the generator builds it (the runtime's own type checks the emitted literal). */
interface OperationContract {
  method: string;
  path: string;
  retrySafe: boolean;
  successJson: boolean;
  errors: [string, ResponseShape | null][];
}

/**
 * Where each input and constant of the stop goes (path, query, header or a field of the JSON body).
 * Names are quoted literals and values are `input.<checked identifier>` or JSON literals, so no
 * spec text becomes code.
 */
function stopParts(model: ApiModel): string {
  const { inputs, constants, sendsBody } = model.stopSession;
  const places: Record<"path" | "query" | "header" | "body", string[]> = { path: [], query: [], header: [], body: [] };
  const place = (where: string, entry: string) => places[where === "cookie" ? "header" : (where as keyof typeof places)].push(entry);
  // The session first, then the agent, scope and other inputs, then the constants.
  const ordered = [...inputs.filter((input) => input.role === "session"), ...inputs.filter((input) => input.role !== "session")];
  for (const input of ordered) place(input.in, `${literalKey(input.name)}: input.${input.field}`);
  for (const constant of constants) place(constant.in, `${literalKey(constant.name)}: ${literal(constant.value).replace(/\n\s*/g, " ")}`);
  const object = (entries: string[]) => (entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}");
  const parts = [`path: ${object(places.path)}`, `query: ${object(places.query)}`, `header: ${object(places.header)}`];
  // A required body with nothing mapped into it (HeyGen) is sent as `{}`.
  if (sendsBody) parts.push(`body: ${object(places.body)}`);
  return `{ ${parts.join(", ")} }`;
}
