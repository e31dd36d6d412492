/**
 * The errors the runtime creates besides path safety's. Each carries a brand, so `instanceof` holds
 * across copies of the runtime (its ES module and CommonJS builds loaded side by side, or two
 * installed versions), and none holds a request, a header or a credential.
 */
import { brandError, brandedInstanceCheck } from "./internal.js";

/** What every failure that reached (or tried to reach) the server reports. */
export interface AttemptInfo {
  /** Requests sent, the first included. */
  attempts: number;
  /** From the first attempt to the failure, in milliseconds. */
  elapsedMs: number;
}

/** No response within the timeout (per attempt), after every retry allowed. */
export class TimeoutError extends Error implements AttemptInfo {
  readonly kind = "timeout" as const;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, info: AttemptInfo) {
    super(`no response within ${timeoutMs} ms (${plural(info.attempts, "attempt")})`);
    this.name = "TimeoutError";
    brandError(this, "TimeoutError");
    this.timeoutMs = timeoutMs;
    this.attempts = info.attempts;
    this.elapsedMs = info.elapsedMs;
  }
}
brandedInstanceCheck(TimeoutError, "TimeoutError");

/** The connection failed (refused, reset, DNS, TLS) after every retry allowed. */
export class NetworkError extends Error implements AttemptInfo {
  readonly kind = "network" as const;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The platform's own reason (`ECONNRESET`, `ECONNREFUSED`…), when it gave one. */
  readonly code: string | undefined;

  constructor(cause: unknown, info: AttemptInfo) {
    const code = causeCode(cause);
    super(`the request failed before a response arrived${code ? ` (${code})` : ""} (${plural(info.attempts, "attempt")})`);
    this.name = "NetworkError";
    brandError(this, "NetworkError");
    this.code = code;
    this.attempts = info.attempts;
    this.elapsedMs = info.elapsedMs;
  }
}
brandedInstanceCheck(NetworkError, "NetworkError");

/** Why a response is not the documented one. */
export type UnexpectedReason =
  /** The status is not among the operation's documented responses. */
  | "undocumented-status"
  /** The body says JSON (or the operation documents JSON) but does not parse. */
  | "malformed-json"
  /** A JSON body was expected; something else came (an HTML error page from a proxy, say). */
  | "not-json"
  /** The JSON parses but lacks what the documented schema requires. */
  | "schema-mismatch"
  /** An error status without a body. */
  | "empty-body";

/** How much of a body an UnexpectedResponse keeps: enough to read, never a whole page. */
export const EXCERPT_LIMIT = 512;

/**
 * A response that cannot be typed as documented. Returned as `error` (never thrown by the client),
 * so `error.error.code` cannot compile until `error instanceof UnexpectedResponse` is ruled out.
 */
export class UnexpectedResponse extends Error {
  readonly kind = "unexpected-response" as const;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly reason: UnexpectedReason;
  /** The first {@link EXCERPT_LIMIT} characters of the body, as text. */
  readonly excerpt: string;
  /** The parsed JSON body when it parsed (undocumented status, schema mismatch); otherwise undefined. */
  readonly body: unknown;

  constructor(init: { status: number; contentType: string | undefined; reason: UnexpectedReason; text: string; body?: unknown }) {
    const excerpt = init.text.length > EXCERPT_LIMIT ? `${init.text.slice(0, EXCERPT_LIMIT)}…` : init.text;
    super(`HTTP ${init.status}${init.contentType ? ` (${init.contentType.split(";")[0]})` : ""}: ${REASON_TEXT[init.reason]}`);
    this.name = "UnexpectedResponse";
    brandError(this, "UnexpectedResponse");
    this.status = init.status;
    this.contentType = init.contentType;
    this.reason = init.reason;
    this.excerpt = excerpt;
    this.body = init.body;
  }
}
brandedInstanceCheck(UnexpectedResponse, "UnexpectedResponse");

const REASON_TEXT: Record<UnexpectedReason, string> = {
  "undocumented-status": "a status the spec does not document",
  "malformed-json": "the body is not valid JSON",
  "not-json": "expected a JSON body, got something else",
  "schema-mismatch": "the JSON body does not match the documented schema",
  "empty-body": "an error status without a body",
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** undici reports `fetch failed` with the socket's error as `cause`; its code is what a reader needs. */
function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
