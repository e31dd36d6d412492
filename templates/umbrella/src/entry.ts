/** What the umbrella knows of each provider: generated into providers.ts from the provider's manifest and spec. */
import type { CallResult } from "@agentstop/runtime";

export type Outcome = "stopped" | "already-stopped" | "not-found" | "invalid" | "unauthorized" | "rate-limited" | "unavailable" | "failed";

/** What a stop does when it succeeds, as the provider documents it. */
export type Effect = "terminate" | "cancel-turn" | "stop-at-checkpoint";

export interface StopClient {
  /** The provider's own stopSession; typed loosely here, exactly by the StopTarget union. */
  stopSession(input: never, options?: { signal?: AbortSignal }): Promise<CallResult<unknown, unknown>>;
}

export interface ProviderEntry {
  id: string;
  displayName: string;
  packageName: string;
  effect: Effect;
  /** The provider package's client factory (its own options type; see `stop`'s options). */
  create(options: never): StopClient;
  inputs: readonly { field: string; role: string; required: boolean; type: string }[];
  credentials: readonly { option: string; env: string; kind: string; header?: string; query?: string }[];
  requiresCredentials: boolean;
  serverVariables: readonly { name: string; env: string; required: boolean }[];
  baseUrlEnv: string;
  /** Documented statuses and the manifest's word, by status key (`404`, `4XX`, `DEFAULT`). */
  outcomes: readonly { status: string; outcome: Outcome; ambiguous?: string; source: "spec" | "manifest" }[];
  retry: { safe: boolean; why: string };
}
