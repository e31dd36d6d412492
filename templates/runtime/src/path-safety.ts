/** Path safety: values that would send a request somewhere else are refused before sending. */
import type { Middleware } from "openapi-fetch";
import { PATH_PARAMETER } from "./internal.js";

/** Constraints on one path parameter, from its schema. */
export interface PathParameterRule {
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

/** Rules by path template, then parameter name. */
export type PathRules = Readonly<Record<string, Readonly<Record<string, PathParameterRule>>>>;

/**
 * A brand, set on each error the runtime throws: `instanceof` then holds across copies of the
 * runtime (its ES module and CommonJS builds loaded side by side, or two installed versions).
 */
const BRAND: unique symbol = Symbol.for("@agentstop/runtime.error");

/**
 * A check that refuses any request whose path template still has a `{name}` without a value:
 * openapi-fetch only serializes the path when the call passes `params.path`, so `operations.x()` or
 * `raw.DELETE("/sessions/{id}")` would otherwise send `%7Bid%7D`.
 */
export function createPathPresenceCheck(): Middleware {
  return {
    onRequest({ schemaPath, params }) {
      const given = (params as { path?: Record<string, unknown> } | undefined)?.path;
      for (const [, name] of schemaPath.matchAll(PATH_PARAMETER)) {
        const value = given && Object.hasOwn(given, name as string) ? given[name as string] : undefined;
        if (value === undefined || value === null) throw new PathParameterError(schemaPath, name as string, "is missing");
      }
      return undefined;
    },
  };
}

/** Thrown before any request is sent when a path value is unsafe or breaks the spec's rules. */
export class PathParameterError extends Error {
  readonly parameter: string;
  readonly path: string;

  constructor(path: string, parameter: string, reason: string) {
    super(`path parameter "${parameter}" of ${path} ${reason}; no request was sent`);
    this.name = "PathParameterError";
    Object.defineProperty(this, BRAND, { value: "PathParameterError" });
    this.parameter = parameter;
    this.path = path;
  }
}
Object.defineProperty(PathParameterError, Symbol.hasInstance, {
  value: (value: unknown): boolean => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === "PathParameterError",
});

/**
 * Refused as ids: `${undefined}` and `String(null)` make them, and no provider issues them as ids;
 * sending one would stop (or 404 on) a session nobody named.
 */
export const MISSING_WORDS: ReadonlySet<string> = new Set(["undefined", "null"]);

/** True when the text has no lone surrogate (encodeURIComponent would throw a URIError on one). */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Percent-encodes one path segment. encodeURIComponent already encodes `/ ? # % :`; the sub-delims
 * it leaves (`! ' ( ) *`) are encoded too, so no value can carry meaning into the URL.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * An openapi-fetch pathSerializer that refuses values which would send the request somewhere else:
 * missing, empty, `.` and `..` (URL parsing collapses dot segments, so `DELETE …/sessions/..`
 * would hit the parent resource). With `validate`, the spec's format and pattern are checked too.
 */
export function createSafePathSerializer(rules: PathRules, validate: boolean): (url: string, params: Record<string, unknown> | undefined) => string {
  // openapi-fetch passes `baseUrl + template`; rules and messages use the template alone.
  const templates = Object.keys(rules).sort((a, b) => b.length - a.length);
  return (url: string, params: Record<string, unknown> | undefined): string => {
    const template = templates.find((candidate) => url.endsWith(candidate));
    const pathname = template ?? url;
    return url.replace(PATH_PARAMETER, (_match, name: string) => {
      const value = params && Object.hasOwn(params, name) ? params[name] : undefined;
      if (value === undefined || value === null) throw new PathParameterError(pathname, name, "is missing");
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint") {
        throw new PathParameterError(pathname, name, `must be a string or a number, got ${typeof value}`);
      }
      const text = String(value);
      if (text === "") throw new PathParameterError(pathname, name, "is empty");
      if (text === "." || text === "..") throw new PathParameterError(pathname, name, `is the dot segment "${text}"`);
      if (MISSING_WORDS.has(text)) throw new PathParameterError(pathname, name, `is the string "${text}", which a missing value becomes when turned into text`);
      if (!isWellFormed(text)) throw new PathParameterError(pathname, name, "contains a lone surrogate (not valid Unicode text)");
      const table = template === undefined || !Object.hasOwn(rules, template) ? undefined : rules[template];
      const rule = table && Object.hasOwn(table, name) ? table[name] : undefined;
      if (validate && rule) checkRule(pathname, name, text, rule);
      return encodePathSegment(text);
    });
  };
}

function checkRule(pathname: string, name: string, text: string, rule: PathParameterRule): void {
  const reason = constraintViolation(text, rule);
  if (reason) throw new PathParameterError(pathname, name, reason);
}

/** What a text breaks of a parameter's format, length and pattern, in words; undefined when it breaks nothing. */
export function constraintViolation(text: string, rule: PathParameterRule & { enum?: readonly string[] }): string | undefined {
  if (rule.format === "uuid" && !UUID.test(text)) return "must be a UUID";
  const length = rule.minLength !== undefined || rule.maxLength !== undefined ? [...text].length : 0;
  if (rule.minLength !== undefined && length < rule.minLength) return `must be at least ${rule.minLength} characters`;
  if (rule.maxLength !== undefined && length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  if (rule.pattern !== undefined && !compiled(rule.pattern).test(text)) return `must match the pattern ${rule.pattern}`;
  if (rule.enum !== undefined && !rule.enum.includes(text)) return `must be one of ${rule.enum.join(", ")}`;
  return undefined;
}

const patterns = new Map<string, RegExp>();

/** Spec patterns compiled once, with the `u` flag (the generator checked each compiles so). */
function compiled(pattern: string): RegExp {
  let regexp = patterns.get(pattern);
  if (!regexp) {
    regexp = new RegExp(pattern, "u");
    patterns.set(pattern, regexp);
  }
  return regexp;
}
