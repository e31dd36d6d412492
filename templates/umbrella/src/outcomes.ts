/**
 * From a provider's result (or what it threw) to one normalized outcome: the provider's table
 * first (its documented statuses and its manifest), then the same rules the generator applies to
 * documented statuses, so an undocumented one still lands somewhere honest.
 */
import { type CallResult, CredentialError, InputError, NetworkError, PathParameterError, TimeoutError, UnexpectedResponse } from "@agentstop/runtime";
import type { Effect, Outcome, ProviderEntry } from "./entry.js";

export interface StopOutcome {
  provider: string;
  sessionId: string;
  outcome: Outcome;
  /** Set when the status could mean another outcome too. */
  ambiguous?: string;
  /** What the stop does when it succeeds. */
  effect: Effect;
  status?: number;
  attempts: number;
  elapsedMs: number;
  retryAfterMs?: number;
  requestId?: string;
  /** The provider's error code and message, when its body has them (credentials removed). */
  errorCode?: string;
  errorMessage?: string;
}

/** The generator's rules for a status nothing more specific covers (see generator/model/outcomes.ts). */
export function outcomeByRule(status: number): { outcome: Outcome; ambiguous?: string } {
  if (status >= 200 && status < 300) return { outcome: "stopped" };
  if (status === 400 || status === 422) return { outcome: "invalid" };
  if (status === 401 || status === 403) return { outcome: "unauthorized" };
  if (status === 404) return { outcome: "not-found", ambiguous: "a 404 may also mean the session already ended; the spec does not say which" };
  if (status === 409 || status === 410 || status === 412)
    return { outcome: "failed", ambiguous: `a ${status} may mean the session is already stopped; the spec does not say` };
  if (status === 429) return { outcome: "rate-limited" };
  if (status === 408 || status === 424 || status >= 500) return { outcome: "unavailable" };
  return { outcome: "failed" };
}

/**
 * The provider's entry for a status: exact; then, for a status the rules know (401, 404, 429, 5xx…),
 * the rule, since a documented `4XX` says less than that; then its range, then `default`.
 */
function tableEntry(entry: ProviderEntry, status: number): { outcome: Outcome; ambiguous?: string } | undefined {
  if (status >= 200 && status < 300) return undefined;
  const exact = entry.outcomes.find((rule) => rule.status === String(status));
  if (exact) return exact.ambiguous ? { outcome: exact.outcome, ambiguous: exact.ambiguous } : { outcome: exact.outcome };
  const byRule = outcomeByRule(status);
  if (byRule.outcome !== "failed") return byRule;
  for (const key of [`${String(status).charAt(0)}XX`, "DEFAULT"]) {
    const found = entry.outcomes.find((rule) => rule.status === key);
    if (found) return found.ambiguous ? { outcome: found.outcome, ambiguous: found.ambiguous } : { outcome: found.outcome };
  }
  return undefined;
}

export function outcomeOfResult(entry: ProviderEntry, sessionId: string, result: CallResult<unknown, unknown>, secrets: readonly string[]): StopOutcome {
  const decided = result.ok ? { outcome: "stopped" as const } : (tableEntry(entry, result.status) ?? outcomeByRule(result.status));
  const outcome: StopOutcome = {
    provider: entry.id,
    sessionId,
    ...decided,
    effect: entry.effect,
    status: result.status,
    attempts: result.attempts,
    elapsedMs: result.elapsedMs,
  };
  if (result.retryAfterMs !== undefined) outcome.retryAfterMs = result.retryAfterMs;
  if (result.requestId !== undefined) outcome.requestId = result.requestId;
  if (!result.ok) Object.assign(outcome, errorDetails(result.error, secrets));
  return outcome;
}

/** What a provider threw before a response: a check that refused, a credential, a timeout, the network. */
export function outcomeOfError(entry: ProviderEntry, sessionId: string, error: unknown, secrets: readonly string[]): StopOutcome {
  const info = error as { attempts?: unknown; elapsedMs?: unknown };
  const outcome: Outcome =
    error instanceof InputError || error instanceof PathParameterError
      ? "invalid"
      : error instanceof CredentialError
        ? "unauthorized"
        : error instanceof TimeoutError || error instanceof NetworkError
          ? "unavailable"
          : "failed";
  return {
    provider: entry.id,
    sessionId,
    outcome,
    effect: entry.effect,
    attempts: typeof info.attempts === "number" ? info.attempts : 0,
    elapsedMs: typeof info.elapsedMs === "number" ? info.elapsedMs : 0,
    errorMessage: redact(error instanceof Error ? error.message : String(error), secrets),
  };
}

/** `code` and `message` from the usual places of an error body (`error.code`, `code`, `detail`…), bounded and redacted. */
function errorDetails(error: unknown, secrets: readonly string[]): { errorCode?: string; errorMessage?: string } {
  const body = error instanceof UnexpectedResponse ? error.body : error;
  const details: { errorCode?: string; errorMessage?: string } = {};
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const top = record(body);
  const nested = record(top?.error);
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? redact(String(value), secrets).slice(0, 300) : undefined);
  const code = text(nested?.code) ?? text(top?.code) ?? text(top?.error_code) ?? text(typeof top?.error === "string" ? top.error : undefined);
  const message = text(nested?.message) ?? text(top?.message) ?? text(top?.detail) ?? text(top?.error_description);
  if (code !== undefined) details.errorCode = code;
  if (message !== undefined) details.errorMessage = message;
  else if (error instanceof UnexpectedResponse) details.errorMessage = redact(error.message, secrets);
  return details;
}

/** Every credential the call used, cut out of a text a provider (or a platform) wrote. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("***");
  return out;
}
