import { type CheckInfo, type CheckResult, fail, notApplicable, pass } from "../types.js";
import type { Exchange } from "./exchange.js";

/** A column decided from what the generated client and the mock server did. Pure. */
export interface LiveCheck extends CheckInfo {
  decide(exchanges: readonly Exchange[]): CheckResult;
}

const isSuccess = (exchange: Exchange) => exchange.askedCode !== undefined && exchange.askedCode >= 200 && exchange.askedCode < 300;
const isError = (exchange: Exchange) => exchange.askedCode !== undefined && exchange.askedCode >= 400;

export const LIVE_CHECKS: readonly LiveCheck[] = [
  {
    id: "live-request-accepted",
    group: "live",
    title: "Mock server accepts the client's stop request",
    why: "If a server built from the spec rejects what the client sends, the spec and the client disagree, and one of them is wrong in production too.",
    how: "The generated client's stopSession goes to Stoplight Prism serving the bundled spec; Prism's request validation (path, query, headers, body, auth) reports no violation and it answers with a 2XX. A rejection is not charged to the provider: the client and agentstop's stop mapping are generated from that spec, so it is a generator failure and generate fails the provider, naming the status and Prism's violations.",
    decide: (exchanges) => {
      const plain = exchanges.find((exchange) => exchange.asked === undefined);
      if (!plain) return notApplicable("—", "No stop operation.");
      if (plain.thrown) return fail("threw", `The client threw before an answer: ${plain.thrown}`);
      if (plain.requestViolations.length > 0) return fail(String(plain.status), `Prism rejected the request: ${plain.requestViolations.join("; ")}.`);
      if (plain.status === undefined || plain.status < 200 || plain.status >= 300)
        return fail(String(plain.status), `Prism answered ${plain.status}, not a 2XX.`);
      return pass(String(plain.status), `Accepted with no violation; Prism answered ${plain.status}.`);
    },
  },
  {
    id: "live-success-typed",
    group: "live",
    title: "Success reaches `data`, typed and valid",
    why: "Code that stops sessions branches on the result; a success must arrive as `data` (or as nothing, for 204), never as `error`.",
    how: "For each documented 2XX, Prism is asked for it (`Prefer: code=…`): the status matches, `error` is undefined, a JSON body is in `data` and validates against its schema (ajv); 204 gives no `data`.",
    decide: (exchanges) => judge(exchanges.filter(isSuccess), "success", "No 2XX response is documented."),
  },
  {
    id: "live-errors-typed",
    group: "live",
    title: "Documented errors reach `error`, typed and valid",
    why: "Retry and alerting logic reads the error; each documented error must arrive as `error` with the documented shape.",
    how: "For each documented 4XX/5XX (a range such as `4XX` is asked as 400), Prism is asked for it: the status matches, `data` is undefined, `error` holds the body and it validates against its schema (ajv).",
    decide: (exchanges) => judge(exchanges.filter(isError), "error", "No error response is documented."),
  },
];

/**
 * The live stage's precondition, given the live-request-accepted cell. When Prism rejects the
 * request the generated client builds from the spec (or the client throws before sending it), the
 * client or agentstop's stop mapping disagrees with the spec: agentstop's failure, not a ❌ for
 * the provider. Throws an error naming the provider, the status and Prism's violations; the
 * conformance stage turns it into a failed provider.
 */
export function assertRequestAccepted(provider: string, accepted: CheckResult | undefined): void {
  if (accepted?.status !== "fail") return;
  const what = accepted.value === "threw" ? "the client threw before sending it" : `status ${accepted.value}`;
  throw new Error(
    `${provider}: the mock server (Prism) rejected the generated client's own stop request (${what}): ${accepted.reason} This is a generator failure, not the provider's: the generated client or the stop mapping in specs/${provider}/provider.yaml disagrees with the spec.`,
  );
}

function judge(exchanges: readonly Exchange[], expected: "success" | "error", none: string): CheckResult {
  if (exchanges.length === 0) return notApplicable("none", none);
  const problems: string[] = [];
  const notes = new Map<string, string[]>();
  for (const exchange of exchanges) {
    const problem = problemWith(exchange, expected);
    if (problem) problems.push(`${exchange.asked}: ${problem}`);
    const note = mockNote(exchange);
    if (note) notes.set(note, [...(notes.get(note) ?? []), String(exchange.asked)]);
  }
  const value = exchanges.map((exchange) => exchange.asked).join(" ");
  const noteText = [...notes].map(([note, statuses]) => ` Not held against the spec: for ${statuses.join(", ")}, ${note}.`).join("");
  if (problems.length > 0) return fail(value, `${problems.join("; ")}.${noteText}`);
  const outcomes = new Map<string, string[]>();
  for (const exchange of exchanges) {
    const phrase = outcome(exchange, expected);
    outcomes.set(phrase, [...(outcomes.get(phrase) ?? []), String(exchange.asked)]);
  }
  return pass(value, `${[...outcomes].map(([phrase, statuses]) => `${statuses.join(", ")} ${phrase}`).join("; ")}.${noteText}`);
}

/** What a passing exchange showed, as a phrase after its status, for the reason text. */
function outcome(exchange: Exchange, expected: "success" | "error"): string {
  const where = expected === "success" ? "`data`" : "`error`";
  if (exchange.status === 204) return "arrived with no body, as documented";
  if (exchange.body.kind === "no-schema") return `arrived as ${where}; no JSON schema to check it against`;
  return `arrived as ${where}${exchange.body.kind === "valid" ? ", valid against its schema" : ""}`;
}

function problemWith(exchange: Exchange, expected: "success" | "error"): string | undefined {
  if (exchange.thrown) return `the client threw (${exchange.thrown})`;
  if (exchange.requestViolations.length > 0) return `Prism rejected the request (${exchange.requestViolations.join("; ")})`;
  if (exchange.status !== exchange.askedCode) return `got ${exchange.status}`;
  if (expected === "success" && exchange.hasError) return "the result has `error`";
  if (expected === "error" && exchange.hasData) return "the result has `data`";
  if (expected === "error" && !exchange.hasError && exchange.body.kind !== "no-schema") return "`error` is empty";
  if (exchange.status === 204 && exchange.hasData) return "204 gave `data`";
  if (exchange.body.kind === "invalid" && !sampledByMock(exchange)) return `the body breaks its schema (${exchange.body.problems.join(", ")})`;
  return undefined;
}

/**
 * A bad body Prism built itself (no example in the spec) and flagged itself is the mock's doing:
 * its sampler cuts recursive schemas short. It is reported, not held against the spec.
 */
function sampledByMock(exchange: Exchange): boolean {
  return exchange.body.kind === "invalid" && !exchange.body.fromSpecExample && exchange.responseViolations.length > 0;
}

function mockNote(exchange: Exchange): string | undefined {
  if (exchange.body.kind !== "invalid" || !sampledByMock(exchange)) return undefined;
  return `the body Prism sampled breaks the schema (${exchange.body.problems.join(", ")}) and Prism reports it as its own fault`;
}
