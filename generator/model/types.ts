/**
 * The intermediate model: what emitters and conformance checks read instead of raw OpenAPI.
 * Every name here is already validated; every text is still raw (emitters escape it).
 */
import type { StopEffect } from "../load/manifest.js";

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
export type ParameterLocation = "path" | "query" | "header" | "cookie";

export interface ApiModel {
  provider: ProviderModel;
  info: { title: string; version: string; openapi: string };
  servers: ServerModel[];
  securitySchemes: SecuritySchemeModel[];
  operations: OperationModel[];
  stopSession: StopSessionModel;
  defaults: ParameterDefaults;
}

export interface ProviderModel {
  id: string;
  displayName: string;
  /** PascalCase, a checked identifier: `createHeyGenClient`. */
  typeName: string;
  packageName: string;
  upstream: { url: string; format: string };
}

export interface ServerModel {
  url: string;
  description?: string;
  variables: ServerVariableModel[];
}

export interface ServerVariableModel {
  name: string;
  default: string;
  enum?: string[];
  description?: string;
}

export type SecuritySchemeModel =
  | { kind: "http-bearer"; name: string; optionName: string; bearerFormat?: string; description?: string }
  | { kind: "http-basic"; name: string; optionName: string; description?: string }
  | { kind: "api-key"; name: string; optionName: string; in: "header" | "query" | "cookie"; parameterName: string; description?: string }
  | { kind: "oauth2"; name: string; optionName: string; flows: string[]; description?: string }
  | { kind: "openid-connect"; name: string; optionName: string; url: string; description?: string };

/** One way to authenticate: every scheme named must be supplied together (OpenAPI's AND). */
export type SecurityRequirement = string[];

export interface ParameterConstraints {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: string[];
}

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated: boolean;
  constraints: ParameterConstraints;
  /** The spec's example value, when it gives a string one. */
  example?: string;
}

export type ResponseKind = "success" | "redirect" | "client-error" | "server-error" | "default" | "informational";

export interface ResponseModel {
  /** `200`, `4XX`, `default`. */
  status: string;
  kind: ResponseKind;
  description: string;
  contentTypes: string[];
  headers: string[];
  /** Property paths of the JSON body (`data.session_id`, `error.code`, `detail[].type`). */
  bodyFields: string[];
}

export interface OperationModel {
  operationId: string;
  /** camelCase identifier for the client method, unique within the provider. */
  methodName: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: Record<ParameterLocation, ParameterModel[]>;
  requestBody?: { required: boolean; contentTypes: string[] };
  responses: ResponseModel[];
  /** Effective security: operation level, else root level. Empty means no auth. */
  security: SecurityRequirement[];
}

export interface StopSessionModel {
  operationId: string;
  effect: StopEffect;
  session: { in: ParameterLocation | "body"; name: string };
  agent?: { in: ParameterLocation | "body"; name: string };
}

export interface ParameterDefaults {
  query: Record<string, string>;
  header: Record<string, string>;
}
