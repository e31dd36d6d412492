import { canonical, follow, isObject, type Json, setText, unknownKeys, wordsText } from "./canonical.js";
import { schemesOf, schemeWords, securityOf, serversOf, serverWords } from "./normalize-access.js";
import { schemaNormalizer } from "./normalize-schema.js";
import type { SchemaNode } from "./schema-model.js";

/**
 * A bundled OpenAPI document as its client sees it, with every choice of spelling taken out:
 * operations keyed by METHOD + path with path-item parameters merged in, parameters keyed by
 * location + name (header names lower-cased), refs followed, media types and statuses in one case,
 * security as sets of alternatives. Words are kept apart (`docs`) so they can only ever make a patch.
 */
export interface SpecModel {
  operations: ReadonlyMap<string, OperationModel>;
  /** The document's servers, in order: the client's default base URL is the first. */
  servers: readonly ServerModel[];
  /** Webhooks, canonical: no rule looks inside them. */
  webhooks: string;
  /** Top-level keys OpenAPI does not define, canonical. */
  unknown: ReadonlyMap<string, string>;
  /**
   * Every security scheme by name, used or not: the client has an `auth` option for each
   * (generator/model/security.ts), so one removed or redefined changes how it is configured.
   */
  schemes: ReadonlyMap<string, string>;
  /** The schemes some operation's security names. */
  usedSchemes: ReadonlySet<string>;
  /** info, tags, externalDocs, server descriptions, x-…: words only. */
  docs: string;
}

export interface ServerModel {
  url: string;
  variables: ReadonlyMap<string, { default: string; enum: ReadonlySet<string> | undefined }>;
}

export interface OperationModel {
  key: string;
  method: string;
  path: string;
  /** The path with its parameter names blanked: `/sessions/{}` matches `/sessions/{id}`. */
  template: string;
  operationId: string | undefined;
  deprecated: boolean;
  parameters: ReadonlyMap<string, ParameterModel>;
  requestBody: RequestBodyModel | undefined;
  responses: ReadonlyMap<string, ResponseModel>;
  /** Alternatives; each maps a scheme (name and definition) to the scopes it needs. */
  security: readonly SecurityAlternative[];
  /** Servers the operation or its path item declare; undefined: the document's. */
  servers: readonly ServerModel[] | undefined;
  /** Callbacks without their words, canonical. */
  callbacks: string;
  unknown: ReadonlyMap<string, string>;
  docs: string;
}

export type SecurityAlternative = ReadonlyMap<string, ReadonlySet<string>>;

export interface ParameterModel {
  in: string;
  name: string;
  required: boolean;
  deprecated: boolean;
  /** style, explode, allowReserved, or the media type of a `content` parameter. */
  serialization: string;
  schema: SchemaNode;
  unknown: ReadonlyMap<string, string>;
  docs: string;
}

export interface MediaModel {
  schema: SchemaNode;
  /** multipart encoding, canonical. */
  encoding: string;
  unknown: ReadonlyMap<string, string>;
  docs: string;
}

export interface RequestBodyModel {
  required: boolean;
  content: ReadonlyMap<string, MediaModel>;
  unknown: ReadonlyMap<string, string>;
  docs: string;
}

export interface HeaderModel {
  required: boolean;
  deprecated: boolean;
  serialization: string;
  schema: SchemaNode;
  unknown: ReadonlyMap<string, string>;
  docs: string;
}

export interface ResponseModel {
  content: ReadonlyMap<string, MediaModel>;
  headers: ReadonlyMap<string, HeaderModel>;
  unknown: ReadonlyMap<string, string>;
  /** Description and links: nothing the client acts on. */
  docs: string;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** OpenAPI: header parameters with these names are ignored (media types and security say it). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

export function normalizeSpec(document: Json): SpecModel {
  const schema = schemaNormalizer(document);
  const resolve = (value: unknown): Json => {
    const { target } = follow(document, value);
    return isObject(target) ? target : {};
  };
  const words = (value: Json, keys: readonly string[]) => wordsText(value, keys, document);
  const unknownOf = (value: Json, known: readonly string[]) => unknownKeys(value, known, document);

  const parameter = (raw: unknown): ParameterModel | undefined => {
    const found = resolve(raw);
    if (typeof found.name !== "string" || typeof found.in !== "string") return undefined;
    const location = found.in;
    const name = location === "header" ? found.name.toLowerCase() : found.name;
    if (location === "header" && IGNORED_HEADERS.has(name)) return undefined;
    const content = isObject(found.content) ? Object.entries(found.content) : [];
    const [mediaType, media] = content[0] ?? [];
    const style = typeof found.style === "string" ? found.style : location === "query" || location === "cookie" ? "form" : "simple";
    const explode = typeof found.explode === "boolean" ? found.explode : style === "form";
    const serialization =
      mediaType !== undefined
        ? `content ${mediaKey(mediaType)}`
        : [
            style,
            explode ? "exploded" : "not exploded",
            found.allowReserved === true ? "reserved characters allowed" : "",
            found.allowEmptyValue === true ? "empty value allowed" : "",
          ]
            .filter(Boolean)
            .join(", ");
    return {
      in: location,
      name,
      // Path parameters are always required, whatever the document says.
      required: location === "path" || found.required === true,
      deprecated: found.deprecated === true,
      serialization,
      schema: schema(mediaType !== undefined ? resolve(media).schema : found.schema),
      unknown: unknownOf(found, ["name", "in", "required", "deprecated", "style", "explode", "allowReserved", "allowEmptyValue", "schema", "content"]),
      docs: [words(found, ["description", "example", "examples"]), mediaType !== undefined ? words(resolve(media), ["example", "examples"]) : ""].join(""),
    };
  };

  const content = (raw: unknown): Map<string, MediaModel> => {
    const found = new Map<string, MediaModel>();
    for (const [type, media] of Object.entries(isObject(raw) ? raw : {})) {
      const value = resolve(media);
      found.set(mediaKey(type), {
        schema: schema(value.schema),
        encoding: value.encoding === undefined ? "" : canonical(value.encoding, document, [], true),
        unknown: unknownOf(value, ["schema", "encoding"]),
        docs: [words(value, ["example", "examples"]), value.encoding === undefined ? "" : canonical(value.encoding, document)].join(""),
      });
    }
    return found;
  };

  const header = (raw: unknown): HeaderModel => {
    const found = resolve(raw);
    const media = isObject(found.content) ? Object.entries(found.content)[0] : undefined;
    return {
      required: found.required === true,
      deprecated: found.deprecated === true,
      serialization: media
        ? `content ${mediaKey(media[0])}`
        : `${typeof found.style === "string" ? found.style : "simple"}${found.explode === true ? ", exploded" : ""}`,
      schema: schema(media ? resolve(media[1]).schema : found.schema),
      unknown: unknownOf(found, ["required", "deprecated", "style", "explode", "allowEmptyValue", "schema", "content"]),
      docs: words(found, ["description", "example", "examples"]),
    };
  };

  const response = (raw: unknown): ResponseModel => {
    const found = resolve(raw);
    const headers = new Map<string, HeaderModel>();
    for (const [name, value] of Object.entries(isObject(found.headers) ? found.headers : {})) {
      // HTTP header names are case-insensitive; Content-Type is the media type's business.
      if (name.toLowerCase() !== "content-type") headers.set(name.toLowerCase(), header(value));
    }
    return {
      content: content(found.content),
      headers,
      unknown: unknownOf(found, ["content", "headers"]),
      docs: words(found, ["description", "links"]),
    };
  };

  const operations = new Map<string, OperationModel>();
  for (const [path, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    const item = resolve(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const itemUnknown = unknownOf(item, ["parameters", "servers", "summary", "description", ...METHODS]);
    for (const method of METHODS) {
      if (!isObject(item[method])) continue;
      const operation = resolve(item[method]);
      const parameters = new Map<string, ParameterModel>();
      // Path-item parameters apply to every operation; the operation's own override them.
      for (const raw of [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const found = parameter(raw);
        if (found) parameters.set(`${found.in}:${found.name}`, found);
      }
      const body = isObject(operation.requestBody) ? resolve(operation.requestBody) : undefined;
      const responses = new Map<string, ResponseModel>();
      for (const [status, raw] of Object.entries(isObject(operation.responses) ? operation.responses : {}))
        responses.set(status.toUpperCase().replace("DEFAULT", "default"), response(raw));
      const servers = Array.isArray(operation.servers) ? operation.servers : Array.isArray(item.servers) ? item.servers : undefined;
      const key = `${method.toUpperCase()} ${path}`;
      operations.set(key, {
        key,
        method,
        path,
        template: path.replace(/\{[^}]*\}/g, "{}"),
        operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
        deprecated: operation.deprecated === true,
        parameters,
        requestBody: body && {
          required: body.required === true,
          content: content(body.content),
          unknown: unknownOf(body, ["required", "content"]),
          docs: words(body, ["description"]),
        },
        responses,
        security: securityOf(document, Array.isArray(operation.security) ? operation.security : document.security),
        servers: servers && serversOf(servers),
        callbacks: operation.callbacks === undefined ? "" : canonical(operation.callbacks, document, [], true),
        unknown: new Map([
          ...unknownOf(operation, ["operationId", "deprecated", "parameters", "requestBody", "responses", "security", "servers", "callbacks"]),
          ...[...itemUnknown].map(([name, value]) => [`path item ${name}`, value] as const),
        ]),
        docs: [
          words(operation, ["summary", "description", "externalDocs"]),
          Array.isArray(operation.tags) ? setText(operation.tags.map(String)) : "",
          words(item, ["summary", "description"]),
          servers ? serverWords(servers) : "",
          // Callbacks are compared by structure above; their words still make a patch.
          operation.callbacks === undefined ? "" : canonical(operation.callbacks, document),
        ].join(""),
      });
    }
  }

  return {
    operations,
    servers: serversOf(Array.isArray(document.servers) ? document.servers : []),
    webhooks: document.webhooks === undefined ? "" : canonical(document.webhooks, document, [], true),
    unknown: unknownOf(document, ["openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags"]),
    schemes: schemesOf(document),
    usedSchemes: new Set(
      [
        document.security,
        ...[...Object.values(isObject(document.paths) ? document.paths : {})].flatMap((item) =>
          METHODS.map((method) => resolve(resolve(item)[method]).security),
        ),
      ]
        .filter(Array.isArray)
        .flatMap((requirements) => requirements.filter(isObject).flatMap((requirement) => Object.keys(requirement))),
    ),
    docs: [
      words(document, ["info", "tags", "externalDocs"]),
      serverWords(Array.isArray(document.servers) ? document.servers : []),
      document.webhooks === undefined ? "" : canonical(document.webhooks, document),
      schemeWords(document),
    ].join(""),
  };
}

/** `Application/JSON; charset=UTF-8` → `application/json`: case and a JSON charset say nothing. */
export function mediaKey(type: string): string {
  const [essence = "", ...parameters] = type.toLowerCase().split(";");
  const kept = parameters.map((parameter) => parameter.replace(/\s+/g, "")).filter((parameter) => parameter !== "" && !parameter.startsWith("charset="));
  return [essence.trim(), ...kept.sort()].join(";");
}
