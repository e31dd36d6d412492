/** Path safety: values that would send a request somewhere else are refused before sending. */
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
      const value = params?.[name];
      if (value === undefined || value === null) throw new PathParameterError(pathname, name, "is missing");
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint") {
        throw new PathParameterError(pathname, name, `must be a string or a number, got ${typeof value}`);
      }
      const text = String(value);
      if (text === "") throw new PathParameterError(pathname, name, "is empty");
      if (text === "." || text === "..") throw new PathParameterError(pathname, name, `is the dot segment "${text}"`);
      const rule = template === undefined ? undefined : rules[template]?.[name];
      if (validate && rule) checkRule(pathname, name, text, rule);
      return encodePathSegment(text);
    });
  };
}

function checkRule(pathname: string, name: string, text: string, rule: PathParameterRule): void {
  if (rule.format === "uuid" && !UUID.test(text)) throw new PathParameterError(pathname, name, "must be a UUID");
  if (rule.minLength !== undefined && [...text].length < rule.minLength) {
    throw new PathParameterError(pathname, name, `must be at least ${rule.minLength} characters`);
  }
  if (rule.maxLength !== undefined && [...text].length > rule.maxLength) {
    throw new PathParameterError(pathname, name, `must be at most ${rule.maxLength} characters`);
  }
  if (rule.pattern !== undefined && !new RegExp(rule.pattern, "u").test(text)) {
    throw new PathParameterError(pathname, name, `must match the pattern ${rule.pattern}`);
  }
}
