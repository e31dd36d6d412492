import type { ResponseModel } from "../../model/types.js";
import { type Check, type CheckContext, type CheckResult, fail, notApplicable, pass } from "../types.js";
import { places, viaOverlay } from "./places.js";
import { documented, list, notFoundMeaning, responsesFor } from "./responses-of.js";

const SUCCESS = [200, 202, 204];
/** Statuses that can only mean "already stopped" (or a conflict like it); 404 is judged by its description. */
const ALREADY_STOPPED = [409, 410, 412];

const ranges = (context: CheckContext) =>
  context.stop?.responses.filter((response) => /^\dXX$/i.test(response.status)).map((response) => response.status) ?? [];
const noneOf = (context: CheckContext, codes: readonly number[]) => {
  const found = ranges(context);
  return fail("none", found.length > 0 ? `Only the range(s) ${found.join(", ")}; no ${codes.join("/")}.` : `No ${codes.join("/")} response is documented.`);
};

/** The cell, marked when a response it rests on comes from agentstop's overlay. */
function withResponses(context: CheckContext, result: CheckResult, statuses: readonly string[]): CheckResult {
  return context.stop ? viaOverlay(context, result, places.responses(context.stop, statuses)) : result;
}

/** A declared status (or set of statuses) is documented: one table row per clause of the contract. */
function statusCheck(id: string, title: string, why: string, codes: number[]): Check {
  return {
    id,
    group: "responses",
    title,
    why,
    how: `The stop operation documents ${codes.join(" or ")} (a \`4XX\`-style range does not count: it does not say which).`,
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = documented(stop, codes);
      if (found.length > 0) return withResponses(context, pass(list(found), `Documented: ${list(found)}.`), found);
      return noneOf(context, codes);
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
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = documented(stop, SUCCESS);
      return found.length > 0
        ? withResponses(context, pass(list(found), `Success is ${list(found)}.`), found)
        : fail("none", "None of 200, 202, 204 is documented.");
    },
  },
  {
    id: "success-echo",
    group: "responses",
    title: "Response echoes session and final status",
    why: "Echoing the session id and its final status lets a caller confirm what was stopped without a second call.",
    how: "The success response body declares a session id field (`session_id`, `sessionId`, or the `id` of the session resource it returns) and a `status`/`state` field.",
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const success = SUCCESS.flatMap((code) => responsesFor(stop, code));
      const fields = success.flatMap((response) => response.bodyFields);
      const session = fields.find((field) => /(^|\.)(session_?id)$/i.test(field)) ?? fields.find((field) => /(^|\.)id$/i.test(field));
      const status = fields.find((field) => /(^|\.)(status|state)$/.test(field));
      const statuses = success.map((response) => response.status);
      if (session && status) {
        const what = /(^|\.)id$/i.test(session) ? `\`${session}\` (the stopped resource's id)` : `\`${session}\``;
        return withResponses(context, pass(`${session}, ${status}`, `The success body has ${what} and \`${status}\`.`), statuses);
      }
      if (!success.some((response) => response.contentTypes.some((type) => type.includes("json"))))
        return fail("no body", "The success response has no JSON body.");
      const missing = [!session && "session id", !status && "status"].filter(Boolean).join(" or ");
      return withResponses(context, fail(session ?? status ?? "neither", `The success body declares no ${missing} field.`), statuses);
    },
  },
  {
    id: "already-stopped",
    group: "responses",
    title: '"Already stopped" documented',
    why: "Stopping twice happens (retries, races); a documented answer makes it safe to treat as done.",
    how: "The stop operation documents 409, 410 or 412, or a 404 whose description says the session is already stopped, ended, terminated or not running. A 404 described as not found / unknown, or ambiguously, is credited to “Unknown session → 404” instead: one response never passes both checks (the ambiguous case leaves this one n/a).",
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const other = documented(stop, ALREADY_STOPPED);
      const notFound = notFoundMeaning(stop);
      if (notFound?.meaning === "already-stopped") {
        const found = ["404", ...other];
        return withResponses(context, pass(list(found), `Documented: ${list(found)}; the 404 says ${notFound.quote}.`), found);
      }
      const aside = notFound ? ` The 404 (${notFound.quote}) counts as “Unknown session → 404”.` : "";
      if (other.length > 0) return withResponses(context, pass(list(other), `Documented: ${list(other)}.${aside}`), other);
      if (notFound?.meaning === "unclear")
        return notApplicable(
          "404 → unknown session",
          `The one candidate is a 404 whose description (${notFound.quote}) does not tell an already-stopped session from an unknown one; it is credited to “Unknown session → 404” (what 404 means), so it is not counted twice.`,
        );
      if (notFound)
        return fail(
          "none",
          `The 404 is documented as ${notFound.quote}, an unknown session; nothing (409, 410, 412, or a 404 saying so) documents what stopping a stopped session returns.`,
        );
      return noneOf(context, [404, ...ALREADY_STOPPED]);
    },
  },
  {
    id: "unknown-session",
    group: "responses",
    title: "Unknown session → 404",
    why: "A 404 for an unknown session lets a caller tell a typo from an outage.",
    how: "The stop operation documents 404 (a `4XX` range does not say which), and its description does not make it the already-stopped answer. A 404 that says neither or both is credited here.",
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const notFound = notFoundMeaning(stop);
      if (!notFound) return noneOf(context, [404]);
      if (notFound.meaning === "already-stopped")
        return withResponses(
          context,
          fail(
            "404 = already stopped",
            `The only 404 is documented as ${notFound.quote}: the already-stopped answer, credited there; nothing documents an unknown session.`,
          ),
          ["404"],
        );
      const reason =
        notFound.meaning === "unknown-session"
          ? `404 is documented as ${notFound.quote}.`
          : `404 is documented as ${notFound.quote}, which does not say which case it is; credited here (what 404 means), and “Already stopped” does not count it again.`;
      return withResponses(context, pass("404", reason), ["404"]);
    },
  },
  statusCheck("validation-error", "Validation → 400/422", "A validation status tells a caller the request, not the provider, is at fault.", [400, 422]),
  statusCheck("auth-failure", "Auth failure → 401/403", "A clear auth failure tells a caller to refresh credentials instead of retrying.", [401, 403]),
  {
    id: "rate-limit",
    group: "responses",
    title: "Rate limit → 429 with Retry-After",
    why: "Mass stops (an incident, a deploy) hit rate limits; Retry-After says when to try again.",
    how: "The stop operation documents 429 with a `Retry-After` header.",
    decide: (context) => {
      const { stop } = context;
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
      return withResponses(
        context,
        retryAfter
          ? pass("429 + Retry-After", "429 is documented with a Retry-After header.")
          : fail("429 only", "429 is documented without a Retry-After header."),
        ["429"],
      );
    },
  },
  {
    id: "server-errors",
    group: "responses",
    title: "Server errors (5XX) documented",
    why: "A documented 5XX shape lets a caller log and retry provider failures sensibly.",
    how: "The stop operation documents a 5XX status or the 5XX range.",
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const found = stop.responses.filter((response) => response.kind === "server-error").map((response) => response.status);
      return found.length > 0
        ? withResponses(context, pass(list(found), `Documented: ${list(found)}.`), found)
        : fail("none", "No 5XX response is documented.");
    },
  },
];
