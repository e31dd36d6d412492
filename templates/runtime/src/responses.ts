/**
 * Turns openapi-fetch's `{ data, error, response }` into an honest result: a documented error body
 * typed as documented, anything else an {@link UnexpectedResponse}; a success that should be JSON and
 * is not, an UnexpectedResponse too (never a bare SyntaxError).
 */
import { type UnexpectedReason, UnexpectedResponse } from "./errors.js";
import type { CallRecord } from "./transport.js";

export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

/** What a documented JSON body must have: its type, and its required properties (by pairs: names come from the spec). */
export interface ShapeRule {
  type?: readonly JsonType[];
  required?: readonly (readonly [name: string, rule: ShapeRule])[];
}

/** What the runtime needs to know of one operation, emitted per operation by the generator. */
export interface OperationContract {
  method: "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
  path: string;
  /** Whether the call may be sent again after a timeout, a reset, a 408, 429 or 5xx. */
  retrySafe: boolean;
  /** True when a success documents a JSON body. */
  successJson: boolean;
  /** Documented error statuses (`404`, `4XX`, `default`) and the shape of their JSON body (null: no JSON body documented). */
  errors: readonly (readonly [status: string, shape: ShapeRule | null])[];
}

/** Where the call went and how long it took; on every result. */
export interface CallInfo {
  status: number;
  response: Response;
  /** The provider's request id (its documented header, or a common one), for support tickets. */
  requestId: string | undefined;
  /** Requests sent, retries included. */
  attempts: number;
  elapsedMs: number;
  /** The last response's Retry-After, in milliseconds. */
  retryAfterMs: number | undefined;
}

export type CallResult<Data, ErrorBody> =
  | (CallInfo & { ok: true; data: Data; error?: undefined })
  | (CallInfo & { ok: false; data?: undefined; error: ErrorBody | UnexpectedResponse });

/** Common request-id headers, tried after the ones the spec documents. */
export const COMMON_REQUEST_ID_HEADERS: readonly string[] = [
  "x-request-id",
  "request-id",
  "x-ms-request-id",
  "apim-request-id",
  "x-amzn-requestid",
  "x-trace-id",
  "cf-ray",
];

export async function toCallResult(
  output: { data?: unknown; error?: unknown; response: Response },
  contract: OperationContract,
  record: CallRecord,
  requestIdHeaders: readonly string[],
): Promise<CallResult<unknown, unknown>> {
  const { response } = output;
  const contentType = response.headers.get("content-type") ?? undefined;
  // Built once, as a literal: this runs on every call.
  const info: CallInfo = {
    status: response.status,
    response,
    requestId: requestIdOf(response.headers, requestIdHeaders),
    attempts: record.attempts,
    elapsedMs: 0,
    retryAfterMs: record.retryAfterMs,
  };
  const done = <R extends object>(rest: R): CallInfo & R => {
    info.elapsedMs = Math.round(performance.now() - record.startedAt);
    return Object.assign(info, rest);
  };
  const unexpected = (reason: UnexpectedReason, text: string, body?: unknown) =>
    done({ ok: false, error: new UnexpectedResponse({ status: response.status, contentType, reason, text, body }) } as const);

  if (response.ok) {
    // openapi-fetch is asked for the stream so that parsing (and its failures) happen here.
    const text =
      output.data instanceof Response ? await output.data.text() : output.data instanceof ReadableStream ? await new Response(output.data).text() : "";
    if (text === "") return done({ ok: true, data: undefined } as const);
    const saysJson = isJsonType(contentType);
    if (!saysJson && !contract.successJson) return done({ ok: true, data: text } as const);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return unexpected(saysJson ? "malformed-json" : "not-json", text);
    }
    return done({ ok: true, data } as const);
  }
  const documented = documentedShape(contract, response.status);
  if (output.error === undefined) return unexpected("empty-body", "");
  if (typeof output.error === "string") return unexpected(isJsonType(contentType) ? "malformed-json" : "not-json", output.error);
  const text = JSON.stringify(output.error);
  if (documented === undefined) return unexpected("undocumented-status", text, output.error);
  if (documented === null || !matches(output.error, documented)) return unexpected("schema-mismatch", text, output.error);
  return done({ ok: false, error: output.error } as const);
}

/** The documented entry for a status: exact, then its range (`4XX`), then `default`. */
function documentedShape(contract: OperationContract, status: number): ShapeRule | null | undefined {
  const keys = [String(status), `${String(status).charAt(0)}XX`, "default"];
  for (const key of keys) {
    const entry = contract.errors.find(([documented]) => documented.toUpperCase() === key);
    if (entry) return entry[1];
  }
  return undefined;
}

function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.+-]*\+)?json\b/i.test(contentType.trim());
}

function requestIdOf(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

const MAX_DEPTH = 8;

/** Whether a parsed body has the documented type and required properties (one level per rule, bounded depth). */
export function matches(value: unknown, rule: ShapeRule, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (rule.type && !rule.type.some((type) => isOfType(value, type))) return false;
  if (rule.required && isRecord(value)) {
    for (const [name, inner] of rule.required) {
      if (!Object.hasOwn(value, name) || !matches(value[name], inner, depth + 1)) return false;
    }
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOfType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}
