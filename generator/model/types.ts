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
  /** How many operations the package carries (the manifest's selection) of how many the spec has. */
  selection: { carried: number; total: number };
  /** What the model found worth a warning (a pattern the client cannot check safely). */
  warnings: { pointer: string; message: string }[];
}

export interface ProviderModel {
  id: string;
  displayName: string;
  /** PascalCase, a checked identifier: `createHeyGenClient`. */
  typeName: string;
  packageName: string;
  upstream: { url?: string; format: string };
}

export interface ServerModel {
  url: string;
  description?: string;
  variables: ServerVariableModel[];
}

export interface ServerVariableModel {
  name: string;
  default: string;
  /**
   * Set when the default is not a real one: a placeholder (`your-resource`), the provider's own
   * tenant or account, or a server the overlay invented. The caller must then give a value (or a
   * baseUrl): credentials never go to a host nobody chose.
   */
  required?: { why: string };
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
  /** Set when the pattern may take super-linear time: the client leaves it to the server. */
  patternUnchecked?: boolean;
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
  /** What a JSON body must have to be typed as documented; null when no JSON body is documented. */
  shape: ResponseShape | null;
}

export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

/** A documented JSON body's type and required properties (pairs, since names come from the spec). */
export interface ResponseShape {
  type?: JsonType[];
  required?: [name: string, shape: ResponseShape][];
}

/** Whether an operation may be sent again after a timeout, reset, 408, 429 or 5xx, and why. */
export interface RetryModel {
  safe: boolean;
  why: string;
}

export interface OperationModel {
  operationId: string;
  /** The operation's key in openapi-typescript's `operations` interface: the operationId with `#` as `/`, as it writes them. */
  typeKey: string;
  /** camelCase identifier for the client method, unique within the provider. */
  methodName: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: Record<ParameterLocation, ParameterModel[]>;
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
  /** Effective security: operation level, else root level. Empty means no auth. */
  security: SecurityRequirement[];
  retry: RetryModel;
}

export interface RequestBodyModel {
  required: boolean;
  contentTypes: string[];
  /** The JSON media type (`application/json`, `application/merge-patch+json`), when there is one. */
  jsonContentType?: string;
  /** Top-level fields of the JSON body schema (`allOf` branches merged); empty when it declares none. */
  fields: BodyFieldModel[];
}

export interface BodyFieldModel {
  name: string;
  required: boolean;
  description?: string;
  constraints: ParameterConstraints;
}

/** Where a stop value goes: a parameter location, or a top-level field of the JSON body. */
export type StopLocation = ParameterLocation | "body";

export interface StopTarget {
  in: StopLocation;
  name: string;
}

/** One field of the provider's `stopSession(input)`: the session id, the scope, other inputs. */
export interface StopInputModel extends StopTarget {
  /** The input's property name, a checked identifier: `sessionId`, `agentId`, `owner`. */
  field: string;
  role: "session" | "agent" | "scope" | "input";
  /** Whether the caller must supply it (the session and the scope always). */
  required: boolean;
  /** The spec's type for the value; the TypeScript type itself is taken from the generated schema. */
  valueType: "string" | "integer" | "number" | "boolean" | "other";
  constraints: ParameterConstraints;
  description?: string;
  /** The spec's example value, when it gives one. */
  example?: string;
}

/** A value every stop sends (`{"status": "REQUEST_RELEASE"}`), checked against the spec's schema. */
export interface StopConstantModel extends StopTarget {
  value: unknown;
}

/**
 * The stop mapping, resolved once against the spec: everything an emitter, a check or a release
 * step needs to know about stopping a session. Nothing looks the stop operation up again.
 */
export interface StopSessionModel {
  operationId: string;
  effect: StopEffect;
  session: StopTarget;
  agent?: StopTarget;
  /** The input fields, in the order of the input type: agent and scope, the session, other inputs. */
  inputs: StopInputModel[];
  constants: StopConstantModel[];
  /** Required query and header parameters of the stop filled by the manifest's defaults. */
  defaulted: { in: "query" | "header"; name: string }[];
  /** Whether the stop sends a JSON body (a required body, or a value mapped into it). */
  sendsBody: boolean;
  /** What each status of the stop means (see model/outcomes.ts), by status key. */
  outcomes: StopOutcomeRule[];
}

export type StopOutcome = "stopped" | "already-stopped" | "not-found" | "invalid" | "unauthorized" | "rate-limited" | "unavailable" | "failed";

export interface StopOutcomeRule {
  /** `404`, `4XX`, `DEFAULT`. */
  status: string;
  outcome: StopOutcome;
  /** Set when the status could mean another outcome too, saying which. */
  ambiguous?: string;
  /** Where the mapping comes from: a documented status under the rules, or the manifest's table. */
  source: "spec" | "manifest";
}

export interface ParameterDefaults {
  query: Record<string, string>;
  header: Record<string, string>;
}
