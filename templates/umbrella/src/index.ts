/**
 * agentstop: stop an AI-agent session on any provider agentstop generates a client for, with one
 * typed call (`stop`), a bulk one (`stopMany`) and a normalized outcome. The providers and their
 * target types are generated into providers.ts from their manifests.
 */
export type { Effect, Outcome, ProviderEntry } from "./entry.js";
export { outcomeByRule, type StopOutcome } from "./outcomes.js";
export { PROVIDERS, type ProviderId, type StopTarget } from "./providers.js";
export { credentialsFor, providerEntry, type StopManyOptions, type StopOptions, type StopRun, type StopSummary, stop, stopMany } from "./stop.js";
