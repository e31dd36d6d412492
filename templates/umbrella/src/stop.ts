/**
 * One call for every provider: `stop(target)` and `stopMany(targets)`. Clients come from the
 * provider packages; credentials, base URLs and server variables from the options or from
 * documented environment variables (`AGENTSTOP_<PROVIDER>_<OPTION>`, see the README). Nothing here
 * throws for a failed stop: every target ends as one StopOutcome.
 */
import type { ResilienceOptions, TokenSource } from "@agentstop/runtime";
import type { ProviderEntry, StopClient } from "./entry.js";
import { outcomeOfError, outcomeOfResult, type StopOutcome } from "./outcomes.js";
import { PROVIDERS, type StopTarget } from "./providers.js";

export interface StopOptions extends ResilienceOptions {
  /** Credentials by provider, then by the provider's auth option; unset ones are read from the environment. */
  credentials?: Readonly<Record<string, Readonly<Record<string, TokenSource>>>>;
  /** Base URLs by provider (`AGENTSTOP_<PROVIDER>_BASE_URL` otherwise). */
  baseUrls?: Readonly<Record<string, string>>;
  /** Server variables by provider (`AGENTSTOP_<PROVIDER>_<VARIABLE>` otherwise). */
  serverVariables?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Where documented variables are read from (default `process.env`); `{}` reads none. */
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** The fetch the clients send with (a test's, a proxy's); the platform's by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface StopManyOptions extends StopOptions {
  /** Stops in flight at once, over all providers (default 16). */
  concurrency?: number;
  /** Stops in flight at once for any one provider (default 4). */
  perProvider?: number;
}

export interface StopSummary {
  total: number;
  byOutcome: Partial<Record<StopOutcome["outcome"], number>>;
  /** Stopped or already stopped: the runs that are not running any more. */
  succeeded: number;
  failed: number;
  elapsedMs: number;
}

/** A provider's entry, or undefined for an id it does not know (own properties only: an id is caller input). */
export function providerEntry(id: string): ProviderEntry | undefined {
  return Object.hasOwn(PROVIDERS, id) ? PROVIDERS[id] : undefined;
}

function defaultEnv(): Readonly<Record<string, string | undefined>> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** The credentials a stop for this provider would use: the options', else each documented variable that is set and not empty. */
export function credentialsFor(entry: ProviderEntry, options: StopOptions = {}): Record<string, TokenSource> {
  const given = options.credentials && Object.hasOwn(options.credentials, entry.id) ? options.credentials[entry.id] : undefined;
  if (given) return { ...given };
  const env = options.env ?? defaultEnv();
  const found: Record<string, TokenSource> = {};
  for (const credential of entry.credentials) {
    const value = env[credential.env];
    if (value) found[credential.option] = value;
  }
  return found;
}

/** The client options for one provider: base URL or server variables, credentials, resilience. */
function clientOptions(entry: ProviderEntry, options: StopOptions, fetch?: (request: Request) => Promise<Response>): Record<string, unknown> {
  const env = options.env ?? defaultEnv();
  const own = <T>(table: Readonly<Record<string, T>> | undefined) => (table && Object.hasOwn(table, entry.id) ? table[entry.id] : undefined);
  const baseUrl = own(options.baseUrls) ?? (env[entry.baseUrlEnv] || undefined);
  const variables: Record<string, string> = { ...own(options.serverVariables) };
  for (const variable of entry.serverVariables) {
    const value = env[variable.env];
    if (!Object.hasOwn(variables, variable.name) && value) variables[variable.name] = value;
  }
  const resilience = { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, maxRetryDelayMs: options.maxRetryDelayMs };
  return {
    ...(baseUrl ? { baseUrl } : {}),
    ...(Object.keys(variables).length > 0 ? { serverVariables: variables } : {}),
    auth: credentialsFor(entry, options),
    ...Object.fromEntries(Object.entries(resilience).filter(([, value]) => value !== undefined)),
    ...((fetch ?? options.fetch) ? { fetch: fetch ?? options.fetch } : {}),
  };
}

function secretsOf(options: Record<string, unknown>): string[] {
  return Object.values((options.auth ?? {}) as Record<string, unknown>).filter((value): value is string => typeof value === "string");
}

/** Clients made for an options object, by provider: calls that pass the same options reuse them. */
const clientsByOptions = new WeakMap<StopOptions, Map<string, PreparedClient>>();

/**
 * Stops one session. Never throws for a failed stop: the outcome says what happened. Passing the
 * same options object again reuses the provider's client (made from those options and the
 * environment as it was then); without options, each call reads the environment afresh.
 */
export async function stop(target: StopTarget, options?: StopOptions): Promise<StopOutcome> {
  const entry = providerEntry(target.provider);
  if (!entry) throw new TypeError(`unknown provider ${JSON.stringify(target.provider)} (known: ${Object.keys(PROVIDERS).join(", ")})`);
  if (!options) return stopWith(entry, target, {}, clientFor(entry, {}));
  let clients = clientsByOptions.get(options);
  if (!clients) {
    clients = new Map();
    clientsByOptions.set(options, clients);
  }
  let prepared = clients.get(entry.id);
  if (!prepared) {
    prepared = clientFor(entry, options);
    clients.set(entry.id, prepared);
  }
  return stopWith(entry, target, options, prepared);
}

interface PreparedClient {
  client?: StopClient;
  error?: unknown;
  secrets: string[];
}

/** A client for one provider; an option the factory refuses (a missing server variable, a bad credential) becomes every target's outcome. */
function clientFor(entry: ProviderEntry, options: StopOptions, fetch?: (request: Request) => Promise<Response>): PreparedClient {
  const prepared = clientOptions(entry, options, fetch);
  const secrets = secretsOf(prepared);
  try {
    return { client: entry.create(prepared as never), secrets };
  } catch (error) {
    return { error, secrets };
  }
}

async function stopWith(entry: ProviderEntry, target: StopTarget, options: StopOptions, prepared: PreparedClient): Promise<StopOutcome> {
  const { provider: _, ...input } = target as { provider: string; sessionId?: unknown };
  const sessionId = String(input.sessionId ?? "");
  if (!prepared.client) return outcomeOfError(entry, sessionId, prepared.error, prepared.secrets);
  try {
    const result = await prepared.client.stopSession(input as never, options.signal ? { signal: options.signal } : undefined);
    return outcomeOfResult(entry, sessionId, result, prepared.secrets);
  } catch (error) {
    if (options.signal?.aborted && error === options.signal.reason) throw error;
    return outcomeOfError(entry, sessionId, error, prepared.secrets);
  }
}

/** A bulk stop in progress: iterate it for outcomes as they complete; `summary()` counts what has completed. */
export interface StopRun extends AsyncIterable<StopOutcome> {
  summary(): StopSummary;
}

/**
 * Stops many sessions with bounded concurrency, overall and per provider. When a provider answers
 * 429, its other stops wait out the Retry-After before starting (one backoff per provider, shared).
 * Outcomes are yielded as they complete; one failure never stops the rest. Targets may be any
 * iterable or async iterable, read as capacity frees up (10,000 targets are never all in memory).
 */
export function stopMany(targets: Iterable<StopTarget> | AsyncIterable<StopTarget>, options: StopManyOptions = {}): StopRun {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  const perProvider = Math.max(1, Math.floor(options.perProvider ?? 4));
  const started = Date.now();
  const summary: StopSummary = { total: 0, byOutcome: {}, succeeded: 0, failed: 0, elapsedMs: 0 };
  const clients = new Map<string, PreparedClient>();
  const pausedUntil = new Map<string, number>();
  const prepare = (entry: ProviderEntry) => {
    let prepared = clients.get(entry.id);
    if (!prepared) {
      prepared = clientFor(entry, options);
      clients.set(entry.id, prepared);
    }
    return prepared;
  };
  const once = async (target: StopTarget): Promise<StopOutcome> => {
    const entry = providerEntry(String((target as { provider?: unknown }).provider));
    if (!entry) {
      return {
        provider: String((target as { provider?: unknown }).provider),
        sessionId: String((target as { sessionId?: unknown }).sessionId ?? ""),
        outcome: "invalid",
        effect: "terminate",
        attempts: 0,
        elapsedMs: 0,
        errorMessage: "unknown provider",
      };
    }
    const wait = (pausedUntil.get(entry.id) ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 60_000)));
    const outcome = await stopWith(entry, target, options, prepare(entry));
    if (outcome.outcome === "rate-limited") pausedUntil.set(entry.id, Date.now() + (outcome.retryAfterMs ?? 1000));
    return outcome;
  };
  const count = (outcome: StopOutcome) => {
    summary.total++;
    summary.byOutcome[outcome.outcome] = (summary.byOutcome[outcome.outcome] ?? 0) + 1;
    if (outcome.outcome === "stopped" || outcome.outcome === "already-stopped") summary.succeeded++;
    else summary.failed++;
    summary.elapsedMs = Date.now() - started;
  };

  async function* run(): AsyncGenerator<StopOutcome> {
    const source = Symbol.asyncIterator in targets ? targets[Symbol.asyncIterator]() : (targets as Iterable<StopTarget>)[Symbol.iterator]();
    const waiting: StopTarget[] = [];
    const inFlight = new Set<Promise<void>>();
    const perProviderInFlight = new Map<string, number>();
    const completed: StopOutcome[] = [];
    let exhausted = false;
    const providerOf = (target: StopTarget) => String((target as { provider?: unknown }).provider);
    const launch = (target: StopTarget) => {
      const id = providerOf(target);
      perProviderInFlight.set(id, (perProviderInFlight.get(id) ?? 0) + 1);
      const task: Promise<void> = once(target)
        .then((outcome) => {
          completed.push(outcome);
        })
        .finally(() => {
          perProviderInFlight.set(id, (perProviderInFlight.get(id) ?? 1) - 1);
          inFlight.delete(task);
        });
      inFlight.add(task);
    };
    for (;;) {
      while (inFlight.size < concurrency) {
        const ready = waiting.findIndex((target) => (perProviderInFlight.get(providerOf(target)) ?? 0) < perProvider);
        if (ready >= 0) {
          launch(waiting.splice(ready, 1)[0] as StopTarget);
          continue;
        }
        // Read ahead only so far: targets for a provider at its limit wait here, in order.
        if (exhausted || waiting.length >= concurrency * 4) break;
        const next = await source.next();
        if (next.done) exhausted = true;
        else waiting.push(next.value);
      }
      while (completed.length > 0) {
        const outcome = completed.shift() as StopOutcome;
        count(outcome);
        yield outcome;
      }
      if (inFlight.size === 0 && exhausted && waiting.length === 0) return;
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
  }

  return { [Symbol.asyncIterator]: run, summary: () => ({ ...summary, byOutcome: { ...summary.byOutcome } }) };
}
