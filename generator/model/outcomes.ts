import type { OutcomeEntry } from "../load/manifest.js";
import type { OperationModel, StopOutcome, StopOutcomeRule } from "./types.js";

/**
 * What each HTTP status of the stop means to someone stopping sessions: the spec's documented
 * statuses by the rules below, then the manifest's `outcomes:` table (a provider's own word, such
 * as TrueFoundry's 412 "no longer usable" meaning already stopped), which wins. Where a status
 * could mean two things, the rule keeps the safer outcome and says so in `ambiguous`.
 */
export function buildOutcomes(stop: OperationModel, table: Readonly<Record<string, OutcomeEntry>> = {}): StopOutcomeRule[] {
  const rules = new Map<string, StopOutcomeRule>();
  for (const response of stop.responses) {
    if (response.kind === "informational" || response.kind === "redirect") continue;
    rules.set(response.status.toUpperCase(), { status: response.status.toUpperCase(), ...outcomeByRule(response.status), source: "spec" });
  }
  for (const [status, entry] of Object.entries(table)) {
    const { outcome, ambiguous } = typeof entry === "string" ? { outcome: entry, ambiguous: undefined } : entry;
    rules.set(status.toUpperCase(), { status: status.toUpperCase(), outcome, ...(ambiguous ? { ambiguous } : {}), source: "manifest" });
  }
  return [...rules.values()].sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
}

/** The rule for a status no one has said more about; the umbrella package applies the same rule to undocumented ones. */
export function outcomeByRule(status: string): { outcome: StopOutcome; ambiguous?: string } {
  const code = status.toUpperCase();
  if (/^2/.test(code)) return { outcome: "stopped" };
  if (code === "400" || code === "422") return { outcome: "invalid" };
  if (code === "401" || code === "403") return { outcome: "unauthorized" };
  if (code === "404") return { outcome: "not-found", ambiguous: "a 404 may also mean the session already ended; the spec does not say which" };
  if (code === "409" || code === "410" || code === "412") {
    return {
      outcome: "failed",
      ambiguous: `a ${code} may mean the session is already stopped; the spec does not say (a manifest \`outcomes:\` entry settles it)`,
    };
  }
  if (code === "429") return { outcome: "rate-limited" };
  if (code === "408" || code === "424" || /^5/.test(code)) return { outcome: "unavailable" };
  return { outcome: "failed" };
}
