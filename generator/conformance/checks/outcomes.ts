import { type Check, fail, notApplicable, pass } from "../types.js";

/**
 * The status → outcome table the umbrella package uses for this provider (model/outcomes.ts):
 * shown in the matrix, and failed where a status still means two things, because an operator then
 * cannot tell a stopped session from a missing one.
 */
export const outcomeChecks: Check[] = [
  {
    id: "outcome-mapping",
    group: "errors",
    title: "Each status has one outcome",
    why: "In an incident, `stop` must say whether the session is stopped, already stopped, gone, or still running; a status that could mean two of these leaves the operator guessing.",
    how: "The stop's documented statuses mapped by agentstop's rules (2XX stopped, 400/422 invalid, 401/403 unauthorized, 404 not-found, 429 rate-limited, 408/424/5XX unavailable, 409/410/412 ambiguous), then the manifest's `outcomes:`; passes when no mapping is marked ambiguous.",
    decide: ({ stop, model }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const rules = model.stopSession.outcomes.filter((rule) => !rule.status.startsWith("2"));
      if (rules.length === 0) return fail("none", "No error status is documented or mapped.");
      const value = rules.map((rule) => `${rule.status} ${rule.outcome}${rule.ambiguous ? "?" : ""}`).join(", ");
      const ambiguous = rules.filter((rule) => rule.ambiguous);
      const manifest = rules.filter((rule) => rule.source === "manifest").map((rule) => rule.status);
      const from = manifest.length > 0 ? ` The manifest decides ${manifest.join(", ")}.` : "";
      return ambiguous.length > 0
        ? fail(value, `Ambiguous: ${ambiguous.map((rule) => `${rule.status} (${rule.ambiguous})`).join("; ")}.${from}`)
        : pass(value, `Every status has one outcome.${from}`);
    },
  },
];
