import type { StatementStructures } from "ts-morph";
import type { ApiModel } from "../../model/types.js";
import { BANNER_LINES } from "../shared/text.js";
import { buildClientFactory } from "./client-factory.js";
import { buildClientTables } from "./client-tables.js";
import { buildClientTypes, operationType } from "./client-types.js";
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind } from "./ts-morph.js";

/** Runtime names this provider's client uses, decided from the model rather than by scanning text. */
function runtimeImports(model: ApiModel): string[] {
  const hasServer = model.servers.length > 0;
  const hasDefaults = Object.keys(model.defaults.query).length + Object.keys(model.defaults.header).length > 0;
  const names = [
    "COMMON_REQUEST_ID_HEADERS",
    "checkStopInput",
    "createAuth",
    hasDefaults && "createDefaultsMiddleware",
    "createSafePathSerializer",
    "createPathPresenceCheck",
    "createTransport",
    "headersOf",
    "invoke",
    "sendStop",
    hasServer && "resolveServerUrl",
    "userAgentOf",
    "type AuthScheme",
    "type CallContext",
    "type OperationArgs",
    "type OperationResult",
    "type OperationSecurity",
    "type OperationContract",
    "type ParameterDefaults",
    "type PathRules",
    "type ResilienceOptions",
    hasServer && "type ServerTemplate",
    "type StopInputRule",
    "type StopContext",
    "type StopSessionOptions",
    "type TokenSource",
    model.operations.some((operation) => operationType(model, operation).startsWith("WithDefaults<")) && "type WithDefaults",
  ];
  return names.filter((name): name is string => typeof name === "string");
}

let sharedProject: InstanceType<typeof Project> | undefined;

/** The one ts-morph Project, created on first use and kept for every provider of the run. */
function project(): InstanceType<typeof Project> {
  sharedProject ??= new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Double,
      newLineKind: NewLineKind.LineFeed,
      useTrailingCommas: true,
    },
  });
  return sharedProject;
}

/** Every structure is built first, then added in a single call; the file is dropped afterwards. */
export function assembleClient(model: ApiModel): string {
  const statements: (string | StatementStructures)[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "openapi-fetch",
      defaultImport: "createClient",
      namedImports: ["type Client", "type ClientOptions"],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "@agentstop/runtime", namedImports: runtimeImports(model) },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./schema.js", isTypeOnly: true, namedImports: ["operations", "paths"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./version.js", namedImports: ["PACKAGE_NAME", "PACKAGE_VERSION"] },
    ...buildClientTables(model),
    ...buildClientTypes(model),
    buildClientFactory(model),
  ];
  const file = project().createSourceFile(`${model.provider.id}/client.ts`, { statements }, { overwrite: true });
  const text = file.getFullText();
  file.forget();
  return `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n${text}`;
}
