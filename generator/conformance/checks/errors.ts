import { type Check, fail, notApplicable, pass } from "../types.js";
import { places, viaOverlay } from "./places.js";

/** Field names that carry a machine-readable error: `code`, `error_code`, `type` (FastAPI's `detail[].type`). */
const CODE_FIELD = /(^|\.|\])(code|error_?code|errorCode|type)$/;

export const errorChecks: Check[] = [
  {
    id: "error-code",
    group: "errors",
    title: "Error body has a machine-readable code",
    why: "Code that reacts to errors should branch on a code, not parse a message written for people.",
    how: "Every documented 4XX/5XX response with a JSON body declares a `code`-like field.",
    decide: (context) => {
      const { stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const errors = stop.responses.filter((response) => response.kind === "client-error" || response.kind === "server-error");
      if (errors.length === 0) return fail("no errors", "No error response is documented.");
      const withBody = errors.filter((response) => response.bodyFields.length > 0);
      if (withBody.length === 0) return fail("no body", "Error responses declare no JSON body.");
      const without = withBody.filter((response) => !response.bodyFields.some((field) => CODE_FIELD.test(field)));
      const fields = [...new Set(withBody.flatMap((response) => response.bodyFields.filter((field) => CODE_FIELD.test(field))))].sort();
      const value = fields.length > 1 ? `${fields[0]} (+${fields.length - 1})` : (fields[0] ?? "none");
      const result =
        without.length > 0
          ? fail(value, `No code field in: ${without.map((response) => response.status).join(", ")}.`)
          : pass(value, `Every error body declares a code field: ${fields.join(", ")}.`);
      return viaOverlay(
        context,
        result,
        places.responses(
          stop,
          withBody.map((response) => response.status),
        ),
      );
    },
  },
];
