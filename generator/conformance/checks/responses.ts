import type { ResponseModel } from "../../model/types.js";
import { type Check, fail, notApplicable, pass } from "../types.js";
import { documented, list, responsesFor } from "./responses-of.js";

const SUCCESS = [200, 202, 204];

/** A declared status (or set of statuses) is documented: one table row per clause of the contract. */
function statusCheck(id: string, title: string, why: string, codes: number[]): Check {
  return {
    id,
    group: "responses",
    title,
    why,
    how: `The stop operation documents ${codes.join(" or ")} (a \`4XX\`-style range does not count: it does not say which).`,
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = documented(stop, codes);
      const ranges = stop.responses.filter((response) => /^\dXX$/i.test(response.status)).map((response) => response.status);
      if (found.length > 0) return pass(list(found), `Documented: ${list(found)}.`);
      return fail(
        "none",
        ranges.length > 0 ? `Only the range(s) ${ranges.join(", ")}; no ${codes.join("/")}.` : `No ${codes.join("/")} response is documented.`,
      );
    },
  };
}

export const responseChecks: Check[] = [
  {
    id: "success-code",
    group: "responses",
    title: "Success code",
    why: "A client needs to know which status means the session was stopped.",
    how: "The stop operation documents 200, 202 or 204.",
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = documented(stop, SUCCESS);
      return found.length > 0 ? pass(list(found), `Success is ${list(found)}.`) : fail("none", "None of 200, 202, 204 is documented.");
    },
  },
  {
    id: "success-echo",
    group: "responses",
    title: "Response echoes session and final status",
    why: "Echoing the session id and its final status lets a caller confirm what was stopped without a second call.",
    how: "The success response body declares a session id field (`session_id`, `sessionId`) and a `status`/`state` field.",
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const success = SUCCESS.flatMap((code) => responsesFor(stop, code));
      const fields = success.flatMap((response) => response.bodyFields);
      const session = fields.find((field) => /(^|\.)(session_?id)$/i.test(field));
      const status = fields.find((field) => /(^|\.)(status|state)$/.test(field));
      if (session && status) return pass(`${session}, ${status}`, `The success body has \`${session}\` and \`${status}\`.`);
      if (!success.some((response) => response.contentTypes.some((type) => type.includes("json"))))
        return fail("no body", "The success response has no JSON body.");
      const missing = [!session && "session id", !status && "status"].filter(Boolean).join(" or ");
      return fail(session ?? status ?? "neither", `The success body declares no ${missing} field.`);
    },
  },
  statusCheck(
    "already-stopped",
    '"Already stopped" documented',
    "Stopping twice happens (retries, races); a documented answer makes it safe to treat as done.",
    [404, 409, 410, 412],
  ),
  statusCheck("unknown-session", "Unknown session → 404", "A 404 for an unknown session lets a caller tell a typo from an outage.", [404]),
  statusCheck("validation-error", "Validation → 400/422", "A validation status tells a caller the request, not the provider, is at fault.", [400, 422]),
  statusCheck("auth-failure", "Auth failure → 401/403", "A clear auth failure tells a caller to refresh credentials instead of retrying.", [401, 403]),
  {
    id: "rate-limit",
    group: "responses",
    title: "Rate limit → 429 with Retry-After",
    why: "Mass stops (an incident, a deploy) hit rate limits; Retry-After says when to try again.",
    how: "The stop operation documents 429 with a `Retry-After` header.",
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const hasRetryAfter = (response: ResponseModel) => response.headers.some((header) => header.toLowerCase() === "retry-after");
      const limited = responsesFor(stop, 429);
      if (limited.length === 0) {
        const elsewhere = stop.responses.filter(hasRetryAfter).map((response) => response.status);
        return elsewhere.length > 0
          ? fail("Retry-After, no 429", `Retry-After is declared on ${list(elsewhere)}, but no 429 response is documented.`)
          : fail("none", "No 429 response is documented.");
      }
      const retryAfter = limited.some(hasRetryAfter);
      return retryAfter
        ? pass("429 + Retry-After", "429 is documented with a Retry-After header.")
        : fail("429 only", "429 is documented without a Retry-After header.");
    },
  },
  {
    id: "server-errors",
    group: "responses",
    title: "Server errors (5XX) documented",
    why: "A documented 5XX shape lets a caller log and retry provider failures sensibly.",
    how: "The stop operation documents a 5XX status or the 5XX range.",
    decide: ({ stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = stop.responses.filter((response) => response.kind === "server-error").map((response) => response.status);
      return found.length > 0 ? pass(list(found), `Documented: ${list(found)}.`) : fail("none", "No 5XX response is documented.");
    },
  },
];
