/**
 * The stop's inputs are checked before anything is sent, wherever each goes (path, query, header or
 * JSON body): required means present, and the spec's type, format, length, pattern and enum apply.
 * Messages name the input and where it goes, never its value (a header input may be a secret).
 */
import { brandError, brandedInstanceCheck, HEADER_SAFE } from "./internal.js";
import { constraintViolation, isWellFormed, MISSING_WORDS } from "./path-safety.js";

/** One stop input as the generator describes it from the spec. */
export interface StopInputRule {
  /** The field of the stopSession input. */
  field: string;
  in: "path" | "query" | "header" | "body";
  /** The parameter or body field it is sent as. */
  name: string;
  role: "session" | "agent" | "scope" | "input";
  required: boolean;
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
}

/** Thrown before any request is sent when a stop input is missing or breaks the spec's rules. */
export class InputError extends Error {
  readonly field: string;
  readonly location: StopInputRule["in"];
  readonly parameter: string;

  constructor(rule: StopInputRule, reason: string) {
    super(
      `input "${rule.field}" (sent as ${rule.in === "body" ? "the body field" : `the ${rule.in} parameter`} "${rule.name}") ${reason}; no request was sent`,
    );
    this.name = "InputError";
    brandError(this, "InputError");
    this.field = rule.field;
    this.location = rule.in;
    this.parameter = rule.name;
  }
}
brandedInstanceCheck(InputError, "InputError");

/** Throws an InputError for the first input that is missing or breaks its rule. */
export function checkStopInput(input: object, rules: readonly StopInputRule[]): void {
  const given = input as Readonly<Record<string, unknown>>;
  for (const rule of rules) {
    // Path values are the path serializer's (path-safety.ts): the same checks, as a PathParameterError.
    if (rule.in === "path") continue;
    const value = Object.hasOwn(given, rule.field) ? given[rule.field] : undefined;
    if (value === undefined || value === null) {
      if (rule.required) throw new InputError(rule, "is missing");
      continue;
    }
    const reason = violation(value, rule);
    if (reason) throw new InputError(rule, reason);
  }
}

function violation(value: unknown, rule: StopInputRule): string | undefined {
  if (rule.type === "integer" || rule.type === "number") {
    if (typeof value !== "number" || !Number.isFinite(value)) return `must be a ${rule.type}`;
    if (rule.type === "integer" && !Number.isInteger(value)) return "must be an integer";
    return rule.enum && !rule.enum.includes(String(value)) ? `must be one of ${rule.enum.join(", ")}` : undefined;
  }
  if (rule.type === "boolean") return typeof value === "boolean" ? undefined : "must be true or false";
  if (typeof value !== "string" && typeof value !== "number") return `must be a string, got ${Array.isArray(value) ? "an array" : typeof value}`;
  const text = String(value);
  // The session and what scopes it name one thing: an empty name, or a missing value turned into text, names nothing.
  if (text === "" && (rule.role !== "input" || rule.required)) return "is empty";
  if (rule.role !== "input" && MISSING_WORDS.has(text)) return `is the string "${text}", which a missing value becomes when turned into text`;
  if (!isWellFormed(text)) return "contains a lone surrogate (not valid Unicode text)";
  if (rule.in === "header" && /[\r\n\0]/.test(text)) return "contains a line break or NUL, which a header cannot carry";
  if (rule.in === "header" && !HEADER_SAFE.test(text)) return "cannot travel in a header unchanged (only visible ASCII, with spaces or tabs inside)";
  return constraintViolation(text, rule);
}
