import type { FetchOptions, FetchResponse } from "openapi-fetch";
import { OPERATION_HEADER } from "./auth.js";
import { NetworkError, TimeoutError } from "./errors.js";
import { type CallResult, type OperationContract, toCallResult } from "./responses.js";
import { type CallRecord, newCallRecord, type ResilienceOptions, type Transport } from "./transport.js";

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

type Optional<T, K extends PropertyKey> = Omit<T, K> & { [P in K & keyof T]?: T[P] };

/** Makes `location` optional when none of its keys are required any more. */
type Relax<P, L extends PropertyKey, K extends PropertyKey> = L extends keyof P
  ? [K & keyof NonNullable<P[L]>] extends [never]
    ? P
    : [RequiredKeys<Optional<NonNullable<P[L]>, K>>] extends [never]
      ? Omit<P, L> & { [X in L]?: Optional<NonNullable<P[L]>, K> }
      : Omit<P, L> & { [X in L]: Optional<NonNullable<P[L]>, K> }
  : P;

/** An operation type in which the parameters the client fills by default are optional. */
export type WithDefaults<Op, Q extends PropertyKey = never, H extends PropertyKey = never> = Op extends { parameters: infer P }
  ? Omit<Op, "parameters"> & { parameters: Relax<Relax<P, "query", Q>, "header", H> }
  : Op;

type Fetched<Op extends Record<string | number, any>> = FetchResponse<Op, {}, `${string}/${string}`>;

/** The documented success body of an operation. */
export type SuccessData<Op extends Record<string | number, any>> = Extract<Fetched<Op>, { data: unknown; error?: never }>["data"];

/** The documented error bodies of an operation (their union; an undocumented one is an UnexpectedResponse). */
export type ErrorBody<Op extends Record<string | number, any>> = Extract<Fetched<Op>, { error: unknown; data?: never }>["error"];

/** Per-call options every operation method takes besides the request itself. */
export interface CallOptions extends ResilienceOptions {
  signal?: AbortSignal;
}

/** The init argument of an operation method: required when the operation has required inputs. */
export type OperationArgs<Op> = [RequiredKeys<FetchOptions<Op>>] extends [never]
  ? [init?: FetchOptions<Op> & ResilienceOptions]
  : [init: FetchOptions<Op> & ResilienceOptions];

/** What an operation method resolves to: the body as documented or an UnexpectedResponse, with status, attempts and request id. */
export type OperationResult<Op extends Record<string | number, any>> = Promise<CallResult<SuccessData<Op>, ErrorBody<Op>>>;

export type HttpMethod = OperationContract["method"];

/** What a client's operations share: its openapi-fetch client, its transport and its request-id headers. */
export interface CallContext {
  /** The client is typed by the one member used: relating `Client<paths>` to `Client<any>` makes the compiler measure the variance of every openapi-fetch method, which costs about a second a check. */
  client: { request: unknown };
  transport: Transport;
  requestIdHeaders: readonly string[];
}

/**
 * Calls one operation through openapi-fetch and the transport; the single place where the path is
 * not a literal type. Throws only when no response came (TimeoutError, NetworkError, the caller's
 * abort) or a check refused the request before sending.
 */
export async function invoke<Op extends Record<string | number, any>>(context: CallContext, contract: OperationContract, init: unknown): OperationResult<Op> {
  const { timeoutMs, maxRetries, maxRetryDelayMs, ...fetchInit } = (init ?? {}) as ResilienceOptions & Record<string, unknown>;
  const policy = context.transport.policy({ timeoutMs, maxRetries, maxRetryDelayMs }, contract.retrySafe);
  const record = newCallRecord();
  const request = context.client.request as (method: string, path: string, init: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  try {
    const output = await request(contract.method, contract.path, {
      ...fetchInit,
      parseAs: "stream",
      fetch: (outgoing: Request) => context.transport.send(outgoing, policy, record),
    });
    return (await toCallResult(output, contract, record, context.requestIdHeaders)) as Awaited<OperationResult<Op>>;
  } catch (error) {
    throw bodyFailure(error, record, policy.timeoutMs, fetchInit.signal);
  } finally {
    record.disarm();
  }
}

/** A failure while a response body was read becomes a timeout or network error; anything else passes as it is. */
function bodyFailure(error: unknown, record: CallRecord, timeoutMs: number, signal: unknown): unknown {
  const aborted = signal instanceof AbortSignal && signal.aborted;
  if (!record.responded || aborted || error instanceof TimeoutError || error instanceof NetworkError) return error;
  const info = { attempts: record.attempts, elapsedMs: Math.round(performance.now() - record.startedAt) };
  return record.timedOut ? new TimeoutError(timeoutMs, info) : new NetworkError(error, info);
}

/** What the stop's direct path needs besides the call context: where to send, and what every request carries. */
export interface StopContext extends CallContext {
  baseUrl: string;
  /** The client's path serializer (path safety and the spec's rules). */
  serializePath: (url: string, params: Record<string, unknown>) => string;
  /** The client's `headers` option. */
  headers: Headers;
  /** Query and header values sent unless the call sets them (the manifest's defaults, the client's overrides). */
  defaults: { query?: Readonly<Record<string, string | undefined>>; header?: Readonly<Record<string, string | undefined>> };
}

/** Where each value of a stop goes: what the generated stopSession maps its input to. */
export interface StopParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body?: unknown;
}

/**
 * The stop, sent straight to the transport: its values are scalars the generator placed, so the URL,
 * headers and JSON body are built here without openapi-fetch's general machinery, which costs more
 * than the rest of a loopback call. Middleware added to `client.raw` does not see it; auth, defaults,
 * path safety, retries and the honest result are the same as for every other call.
 */
export async function sendStop<Op extends Record<string | number, any>>(
  context: StopContext,
  contract: OperationContract,
  parts: StopParts,
  options: StopSessionOptions = {},
): OperationResult<Op> {
  const { signal, headers: extra, timeoutMs, maxRetries, maxRetryDelayMs } = options;
  const policy = context.transport.policy({ timeoutMs, maxRetries, maxRetryDelayMs }, contract.retrySafe);
  const record = newCallRecord();
  const query: string[] = [];
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) query.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  };
  for (const [name, value] of Object.entries(parts.query)) put(name, value);
  for (const [name, value] of Object.entries(context.defaults.query ?? {})) if (!Object.hasOwn(parts.query, name)) put(name, value);
  const path = context.serializePath(context.baseUrl + contract.path, parts.path);
  const headers = new Headers(context.headers);
  for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
  for (const [name, value] of Object.entries(parts.header)) if (value !== undefined && value !== null) headers.set(name, String(value));
  // Defaults fill what the call did not set, as the defaults middleware does for other calls.
  for (const [name, value] of Object.entries(context.defaults.header ?? {})) if (value !== undefined && !headers.has(name)) headers.set(name, value);
  const body = parts.body === undefined ? undefined : JSON.stringify(parts.body);
  if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  headers.set(OPERATION_HEADER, `${contract.method.toUpperCase()} ${contract.path}`);
  const url = query.length > 0 ? `${path}?${query.join("&")}` : path;
  try {
    const response = await context.transport.sendPrepared({ url, method: contract.method.toUpperCase(), headers, body, signal }, policy, record);
    return (await toCallResult(await fetchOutput(response), contract, record, context.requestIdHeaders)) as Awaited<OperationResult<Op>>;
  } catch (error) {
    throw bodyFailure(error, record, policy.timeoutMs, signal);
  } finally {
    record.disarm();
  }
}

/** The response as openapi-fetch would hand it over: no body on 204 or an empty one, the text (parsed when JSON) on an error. */
async function fetchOutput(response: Response): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  if (response.status === 204 || response.headers.get("Content-Length") === "0") return response.ok ? { response } : { error: undefined, response };
  if (response.ok) return { data: response, response };
  const text = await response.text();
  try {
    return { error: JSON.parse(text), response };
  } catch {
    return { error: text, response };
  }
}

/** Per-call options of the uniform `stopSession`. */
export interface StopSessionOptions extends CallOptions {
  headers?: Record<string, string>;
}

/** The client's `headers` option (a Headers, pairs, or a record whose null and undefined values are left out) as Headers. */
export function headersOf(init: unknown): Headers {
  if (init === undefined || init === null) return new Headers();
  if (init instanceof Headers || Array.isArray(init)) return new Headers(init as HeadersInit);
  const headers = new Headers();
  for (const [name, value] of Object.entries(init as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    headers.set(name, Array.isArray(value) ? value.map(String).join(", ") : String(value));
  }
  return headers;
}
