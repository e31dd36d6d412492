import type { InterfaceDeclarationStructure, OptionalKind, PropertySignatureStructure, TypeAliasDeclarationStructure } from "ts-morph";
import { findStopOperation, STOP_EFFECT_TEXT } from "../../model/stop-session.js";
import type { ApiModel, OperationModel, StopInputModel } from "../../model/types.js";
import { docText, literal, propertyName } from "../shared/text.js";
import { operationDoc, schemeDoc } from "./operation-docs.js";
import { StructureKind } from "./ts-morph.js";

type Property = OptionalKind<PropertySignatureStructure>;

/** The public types of a client: options, auth, stop-session input, operations, client. */
export function buildClientTypes(model: ApiModel): (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] {
  const name = model.provider.typeName;
  const server = model.servers[0];
  const interfaces: (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] = [
    exported(`${name}Auth`, `Credentials by security scheme; supply one of the alternatives the operation accepts.`, authProperties(model)),
  ];
  if (server && server.variables.length > 0) {
    interfaces.push(
      exported(
        `${name}ServerVariables`,
        `Values for the server URL \`${docText(server.url)}\`; unset ones use the spec's defaults.`,
        serverVariableProperties(model),
      ),
    );
  }
  const extendsClause = ['Omit<ClientOptions, "baseUrl" | "pathSerializer">', "ResilienceOptions"];
  if (serverRequired(model)) {
    // No usable default host: a baseUrl, or the server variables, must be given, and the type says so.
    const base = optionProperties(model).filter((property) => property.name !== "baseUrl" && property.name !== "serverVariables");
    interfaces.push(
      { ...exported(`${name}ClientBaseOptions`, "What every client takes besides its server; see the options type.", base), extends: extendsClause },
      {
        kind: StructureKind.TypeAlias,
        name: `${name}ClientOptions`,
        isExported: true,
        docs: [optionsDoc(model)],
        type: `${name}ClientBaseOptions & ({ baseUrl: string; serverVariables?: Partial<${name}ServerVariables> } | { baseUrl?: undefined; serverVariables: ${name}ServerVariables })`,
      },
    );
  } else {
    interfaces.push({ ...exported(`${name}ClientOptions`, optionsDoc(model), optionProperties(model)), extends: extendsClause });
  }
  interfaces.push(
    exported(`${name}StopSessionInput`, "Which session to stop: its id, and whatever the provider scopes it by.", stopInputProperties(model)),
    exported(
      `${name}Operations`,
      `Every operation of the ${docText(model.provider.displayName)} spec, named after its operationId.`,
      [],
      operationMethods(model),
    ),
    exported(`${name}Client`, `A typed ${docText(model.provider.displayName)} client.`, clientProperties(model), [stopSessionMethod(model)]),
  );
  return interfaces;
}

function exported(name: string, doc: string, properties: Property[], methods: InterfaceDeclarationStructure["methods"] = []): InterfaceDeclarationStructure {
  return { kind: StructureKind.Interface, name, isExported: true, docs: [doc], properties, methods };
}

function authProperties(model: ApiModel): Property[] {
  return model.securitySchemes.map((scheme) => ({ name: scheme.optionName, hasQuestionToken: true, type: "TokenSource", docs: [schemeDoc(scheme)] }));
}

/** True when the first server has a variable without a usable default (see model/servers.ts). */
export function serverRequired(model: ApiModel): boolean {
  return (model.servers[0]?.variables ?? []).some((variable) => variable.required !== undefined);
}

function serverVariableProperties(model: ApiModel): Property[] {
  return (model.servers[0]?.variables ?? []).map((variable) => ({
    name: propertyName(variable.name),
    hasQuestionToken: variable.required === undefined,
    type: variable.enum ? variable.enum.map((value) => literal(value)).join(" | ") : "string",
    docs: [
      [docText(variable.description), variable.required ? `Required: ${docText(variable.required.why)}.` : `Default: \`${docText(variable.default)}\``]
        .filter(Boolean)
        .join("\n\n"),
    ],
  }));
}

function optionsDoc(model: ApiModel): string {
  const server = model.servers[0];
  if (server && serverRequired(model))
    return `Options for the client: \`baseUrl\`, or \`serverVariables\` for \`${docText(server.url)}\` (it has no usable default host).`;
  return server
    ? `Options for the client. \`baseUrl\` defaults to \`${docText(server.url)}\`.`
    : "Options for the client. The spec names no server, so `baseUrl` is required.";
}

function optionProperties(model: ApiModel): Property[] {
  const name = model.provider.typeName;
  const server = model.servers[0];
  const properties: Property[] = [
    { name: "baseUrl", hasQuestionToken: server !== undefined, type: "string", docs: ["Base URL of the API; overrides the spec's server."] },
  ];
  if (server && server.variables.length > 0) {
    properties.push({ name: "serverVariables", hasQuestionToken: true, type: `${name}ServerVariables`, docs: ["Values for the server URL's variables."] });
  }
  properties.push(
    { name: "auth", hasQuestionToken: true, type: `${name}Auth`, docs: ["Credentials, by security scheme."] },
    {
      name: "validatePathParameters",
      hasQuestionToken: true,
      type: "boolean",
      docs: [
        "Check path values against the spec's format and pattern before sending (default `true`). Empty, `.`, `..` and missing values are always refused.",
      ],
    },
  );
  const { query, header } = model.defaults;
  if (Object.keys(query).length + Object.keys(header).length > 0) {
    const shape = (values: Record<string, string>) =>
      `{ ${Object.keys(values)
        .map((key) => `${propertyName(key)}?: string;`)
        .join(" ")} }`;
    properties.push({
      name: "defaults",
      hasQuestionToken: true,
      type: `{ query?: ${shape(query)}; header?: ${shape(header)} }`,
      docs: [`Parameters sent on every request unless set per call. Defaults: ${docText(JSON.stringify(model.defaults))}`],
    });
  }
  return properties;
}

function stopInputProperties(model: ApiModel): Property[] {
  return model.stopSession.inputs.map((input) => ({
    name: input.field,
    hasQuestionToken: !input.required,
    type: inputType(input),
    docs: [inputDoc(input)],
  }));
}

const ROLE_TEXT: Readonly<Record<StopInputModel["role"], string>> = {
  session: "The session to stop",
  agent: "The agent that owns the session",
  scope: "Scopes the session",
  input: "Sent with every stop",
};

function inputDoc(input: StopInputModel): string {
  const where = input.in === "body" ? `the body field \`${docText(input.name)}\`` : `the ${input.in} parameter \`${docText(input.name)}\``;
  const head = `${ROLE_TEXT[input.role]}; sent as ${where}.`;
  return input.role === "input" && input.description ? `${head}\n\n${docText(input.description)}` : head;
}

/** The spec's type for an input: a primitive, or the union of its enum's values (as openapi-typescript types them). */
function inputType(input: StopInputModel): string {
  const { enum: values } = input.constraints;
  const numeric = input.valueType === "integer" || input.valueType === "number";
  if (values && values.length > 0) return values.map((value) => literal(numeric ? Number(value) : value)).join(" | ");
  if (numeric) return "number";
  if (input.valueType === "boolean") return "boolean";
  return "string";
}

/** The operation type with the manifest's defaults made optional. */
export function operationType(model: ApiModel, operation: OperationModel): string {
  const base = `operations[${literal(operation.typeKey)}]`;
  const defaulted = (location: "query" | "header") =>
    Object.keys(model.defaults[location]).filter((name) => operation.parameters[location].some((p) => p.name === name));
  const query = defaulted("query");
  const header = defaulted("header");
  if (query.length + header.length === 0) return base;
  const union = (names: string[]) => (names.length ? names.map((n) => literal(n)).join(" | ") : "never");
  return `WithDefaults<${base}, ${union(query)}, ${union(header)}>`;
}

function operationMethods(model: ApiModel): InterfaceDeclarationStructure["methods"] {
  return model.operations.map((operation) => ({
    name: operation.methodName,
    docs: [operationDoc(operation)],
    parameters: [{ name: "args", isRestParameter: true, type: `OperationArgs<${operationType(model, operation)}>` }],
    returnType: `OperationResult<operations[${literal(operation.typeKey)}]>`,
  }));
}

function clientProperties(model: ApiModel): Property[] {
  return [
    { name: "operations", isReadonly: true, type: `${model.provider.typeName}Operations`, docs: ["Every operation of the spec, typed from it."] },
    {
      name: "raw",
      isReadonly: true,
      type: "Client<paths>",
      docs: [
        "The underlying openapi-fetch client (path safety, auth and defaults apply to it too). Middleware added to it sees its calls and `operations.*`; `stopSession` goes straight to the transport.",
      ],
    },
  ];
}

function stopSessionMethod(model: ApiModel): NonNullable<InterfaceDeclarationStructure["methods"]>[number] {
  const { stopSession } = model;
  const operation = findStopOperation(model);
  return {
    name: "stopSession",
    docs: [
      `Stops a session: ${STOP_EFFECT_TEXT[stopSession.effect]}.\n\nCalls \`${operation.methodName}\` (\`${operation.method.toUpperCase()} ${docText(operation.path)}\`).`,
    ],
    parameters: [
      { name: "input", type: `${model.provider.typeName}StopSessionInput` },
      { name: "options", hasQuestionToken: true, type: "StopSessionOptions" },
    ],
    returnType: `OperationResult<operations[${literal(operation.typeKey)}]>`,
  };
}
