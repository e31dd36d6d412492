/**
 * The fetch every client sends through: a timeout per attempt, tied to the caller's signal, and
 * retries with exponential backoff and full jitter on 408, 429, 5xx and connection errors,
 * honouring Retry-After. Only operations known to be safe to repeat are retried.
 */
import { type Authorize, OPERATION_HEADER } from "./auth.js";
import { NetworkError, TimeoutError } from "./errors.js";

/** How a client (or one call) times out and retries. */
export interface ResilienceOptions {
  /** Per attempt, in milliseconds (default 30,000); `0` waits for ever. Covers the body too. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (default 2); `0` turns retrying off. */
  maxRetries?: number | undefined;
  /** The longest wait between attempts (default 30,000 ms). A Retry-After beyond it is not retried: the response is returned. */
  maxRetryDelayMs?: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
/** The first backoff step; each retry doubles it, and the wait is drawn uniformly below it (full jitter). */
const BASE_DELAY_MS = 500;

/** Statuses worth another attempt: the server said "later" or failed on its side. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Methods HTTP defines as idempotent: repeating them changes nothing more than doing them once. */
export function isIdempotentMethod(method: string): boolean {
  return ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"].includes(method.toUpperCase());
}

/** What one call went through, filled in by the transport for the result. */
export interface CallRecord {
  attempts: number;
  startedAt: number;
  /** The last response's Retry-After, in milliseconds. */
  retryAfterMs: number | undefined;
  /** True once the current attempt's timeout fired (a body still being read then fails with it). */
  timedOut: boolean;
  /** Stops the current attempt's timeout: called once its body has been read. */
  disarm: () => void;
  /** True once a response was handed back: a later failure happened while its body was read. */
  responded: boolean;
}

export function newCallRecord(): CallRecord {
  return { attempts: 0, startedAt: performance.now(), retryAfterMs: undefined, timedOut: false, disarm: noop, responded: false };
}

/** A policy with every value decided. */
export interface ResolvedPolicy {
  timeoutMs: number;
  maxRetries: number;
  maxRetryDelayMs: number;
}

export interface CallPolicy extends ResolvedPolicy {
  /** Whether this operation may be sent again: idempotent by method, or marked safe by the manifest. */
  retrySafe: boolean;
}

export interface Transport {
  /** For openapi-fetch's `fetch` option: the policy of the client, retrying idempotent methods only. */
  fetch: (request: Request) => Promise<Response>;
  /** One call under its own policy, recording what happened. */
  send: (request: Request, policy: CallPolicy, record: CallRecord) => Promise<Response>;
  /** The same for a request the caller built itself (the stop's direct path): no Request object to copy. */
  sendPrepared: (prepared: PreparedRequest, policy: CallPolicy, record: CallRecord) => Promise<Response>;
  /** The client's policy with a call's overrides. */
  policy: (overrides: ResilienceOptions, retrySafe: boolean) => CallPolicy;
}

export interface TransportOptions extends ResilienceOptions {
  /** The fetch to send with (the caller's, or the platform's). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Sent as `User-Agent` unless the caller set one. */
  userAgent: string;
  /** Adds credentials to each attempt (see auth.ts); without it, none are sent. */
  authorize?: Authorize | undefined;
}

/** A request as the transport sends it; its body is sent again, as it is, on a retry. */
export interface PreparedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | ArrayBuffer | undefined;
  signal: AbortSignal | undefined;
}

/** fetch as the transport calls it: a URL and an init. */
type SendFetch = (url: string, init: RequestInit) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  // The platform's fetch takes the URL and init as they are; building a Request for it first would cost a second one.
  const baseFetch: SendFetch = options.fetch
    ? (url, init) => (options.fetch as (request: Request) => Promise<Response>)(new Request(url, init))
    : (url, init) => globalThis.fetch(url, init);
  const defaults = resolvePolicy(options, undefined);
  const policy = (overrides: ResilienceOptions, retrySafe: boolean): CallPolicy => ({ ...resolvePolicy(overrides, defaults), retrySafe });
  const authorize: Authorize =
    options.authorize ??
    (async (headers, url) => {
      headers.delete(OPERATION_HEADER);
      return url;
    });
  const sendPrepared = (prepared: PreparedRequest, callPolicy: CallPolicy, record: CallRecord) =>
    sendWithRetries(baseFetch, options.userAgent, authorize, prepared, callPolicy, record);
  // Read once so every attempt can send the same bytes (a Request body is a one-shot stream).
  const send = async (request: Request, callPolicy: CallPolicy, record: CallRecord) =>
    sendPrepared(
      {
        url: request.url,
        method: request.method,
        headers: new Headers(request.headers),
        body: request.body === null ? undefined : await request.arrayBuffer(),
        signal: request.signal,
      },
      callPolicy,
      record,
    );
  return {
    fetch: (request) => send(request, { ...defaults, retrySafe: isIdempotentMethod(request.method) }, newCallRecord()),
    send,
    sendPrepared,
    policy,
  };
}

function resolvePolicy(given: ResilienceOptions, fallback: ResolvedPolicy | undefined): ResolvedPolicy {
  const pick = (name: keyof ResilienceOptions, standard: number): number => {
    const value = given[name] ?? fallback?.[name] ?? standard;
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw new RangeError(`${name} must be a number of at least 0`);
    return value;
  };
  return {
    timeoutMs: pick("timeoutMs", DEFAULT_TIMEOUT_MS),
    maxRetries: Math.floor(pick("maxRetries", DEFAULT_MAX_RETRIES)),
    maxRetryDelayMs: pick("maxRetryDelayMs", DEFAULT_MAX_RETRY_DELAY_MS),
  };
}

async function sendWithRetries(
  baseFetch: SendFetch,
  userAgent: string,
  authorize: Authorize,
  request: PreparedRequest,
  policy: CallPolicy,
  record: CallRecord,
): Promise<Response> {
  const { body, headers } = request;
  if (!headers.has("User-Agent")) headers.set("User-Agent", userAgent);
  const callerSignal = request.signal;
  for (;;) {
    record.attempts += 1;
    record.timedOut = false;
    const signal = armAttempt(callerSignal, policy.timeoutMs, record);
    // Credentials join a copy of the headers for this attempt only, and are asked for again on the next.
    const attemptHeaders = new Headers(headers);
    let url: string;
    try {
      url = await authorize(attemptHeaders, request.url);
    } catch (error) {
      record.disarm();
      throw error;
    }
    let response: Response;
    try {
      response = await fetchFollowingSameOrigin(baseFetch, request.method, url, { headers: attemptHeaders, body, signal });
    } catch (error) {
      record.disarm();
      if (callerSignal?.aborted) throw callerSignal.reason;
      const failure = record.timedOut ? new TimeoutError(policy.timeoutMs, info(record)) : new NetworkError(error, info(record));
      if (!policy.retrySafe || record.attempts > policy.maxRetries) throw failure;
      await sleep(backoff(record.attempts), callerSignal);
      continue;
    }
    record.retryAfterMs = retryAfterMs(response.headers);
    if (!isRetryableStatus(response.status) || !policy.retrySafe || record.attempts > policy.maxRetries) {
      record.responded = true;
      return response;
    }
    const wait = record.retryAfterMs ?? backoff(record.attempts);
    // The server asked for longer than the caller will wait: hand its answer back rather than ignore it.
    if (wait > policy.maxRetryDelayMs) {
      record.responded = true;
      return response;
    }
    record.disarm();
    await response.body?.cancel().catch(() => undefined);
    await sleep(wait, callerSignal);
  }
}

const MAX_REDIRECTS = 5;

/**
 * Follows redirects itself, and only within the request's origin: the platform's fetch would follow
 * one to another host and take custom credential headers (`x-api-key`) with it. A redirect elsewhere,
 * or one that would change the method, is returned to the caller as it is.
 */
async function fetchFollowingSameOrigin(
  baseFetch: SendFetch,
  method: string,
  start: string,
  init: { headers: Headers; body: string | ArrayBuffer | undefined; signal: AbortSignal | undefined },
): Promise<Response> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const response = await baseFetch(url, { method, ...init, redirect: "manual" });
    const location = response.headers.get("location");
    const keepsMethod = response.status === 307 || response.status === 308 || (/^(GET|HEAD)$/.test(method) && [301, 302, 303].includes(response.status));
    if (!keepsMethod || location === null || hop >= MAX_REDIRECTS) return response;
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) return response;
    await response.body?.cancel().catch(() => undefined);
    url = next.href;
  }
}

function info(record: CallRecord) {
  return { attempts: record.attempts, elapsedMs: Math.round(performance.now() - record.startedAt) };
}

/**
 * The caller's signal joined with this attempt's timeout; the timeout stays armed while the body is
 * read, until `record.disarm()`. One controller and an unreferenced timer: AbortSignal.timeout and
 * AbortSignal.any cost several times more per call on Node 20, and this is on every request.
 */
function armAttempt(callerSignal: AbortSignal | undefined, timeoutMs: number, record: CallRecord): AbortSignal | undefined {
  record.disarm();
  if (timeoutMs === 0 || !Number.isFinite(timeoutMs)) return callerSignal;
  const controller = new AbortController();
  // Without a caller's signal there is nothing to follow (and no listener to add and remove on every call).
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    record.timedOut = true;
    controller.abort(new DOMException(`no response within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  record.disarm = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
    record.disarm = noop;
  };
  return controller.signal;
}

const noop = (): void => undefined;

/** Full jitter: uniformly below 0.5 s, 1 s, 2 s… for the 1st, 2nd, 3rd retry. */
function backoff(attempt: number): number {
  return Math.random() * BASE_DELAY_MS * 2 ** (attempt - 1);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); `retry-after-ms` too. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) return Number(milliseconds);
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `@agentstop/heygen/0.3.0 agentstop node/20.20.0`: the package and version, then the platform when there is one. */
export function userAgentOf(packageName: string, version: string): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return `${packageName}/${version} agentstop${node ? ` node/${node}` : ""}`;
}
