/** Constraints on one path parameter, from its schema. */
export interface PathParameterRule {
    format?: string;
    pattern?: string;
    minLength?: number;
    maxLength?: number;
}
/** Rules by path template, then parameter name. */
export type PathRules = Readonly<Record<string, Readonly<Record<string, PathParameterRule>>>>;
/** Thrown before any request is sent when a path value is unsafe or breaks the spec's rules. */
export declare class PathParameterError extends Error {
    readonly parameter: string;
    readonly path: string;
    constructor(path: string, parameter: string, reason: string);
}
/**
 * Percent-encodes one path segment. encodeURIComponent already encodes `/ ? # % :`; the sub-delims
 * it leaves (`! ' ( ) *`) are encoded too, so no value can carry meaning into the URL.
 */
export declare function encodePathSegment(value: string): string;
/**
 * An openapi-fetch pathSerializer that refuses values which would send the request somewhere else:
 * missing, empty, `.` and `..` (URL parsing collapses dot segments, so `DELETE …/sessions/..`
 * would hit the parent resource). With `validate`, the spec's format and pattern are checked too.
 */
export declare function createSafePathSerializer(rules: PathRules, validate: boolean): (url: string, params: Record<string, unknown> | undefined) => string;
