/**
 * The runtime every generated agentstop client ships with: path safety, server URLs, auth and
 * parameter defaults, all on top of openapi-fetch. Copied into each package verbatim, so a package
 * depends on openapi-fetch alone.
 */
import type { Client, FetchOptions, FetchResponse, Middleware } from "openapi-fetch";

/* ---------------------------------------------------------------- path safety */

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
export class PathParameterError extends Error {
  readonly parameter: string;
  readonly path: string;

  constructor(path: string, parameter: string, reason: string) {
    super(`path parameter "${parameter}" of ${path} ${reason}; no request was sent`);
    this.name = "PathParameterError";
    this.parameter = parameter;
    this.path = path;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH_PARAMETER = /\{([^{}]+)\}/g;

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
export function createSafePathSerializer(rules: PathRules, validate: boolean) {
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

/* ---------------------------------------------------------------- servers */

export interface ServerTemplate {
  url: string;
  variables: Readonly<Record<string, { default: string; enum?: readonly string[] }>>;
}

/** Characters a server variable may not carry: they would change the URL's structure. */
const UNSAFE_SERVER_VALUE = /[/?#@\\\s]/;

/** Fills a server URL template from the caller's values and the spec's defaults. */
export function resolveServerUrl(server: ServerTemplate, values: object = {}): string {
  const given = values as Readonly<Record<string, string | undefined>>;
  const url = server.url.replace(PATH_PARAMETER, (_match, name: string) => {
    const variable = server.variables[name];
    if (!variable) throw new Error(`server URL ${server.url} uses {${name}}, which it does not define`);
    const value = given[name] ?? variable.default;
    if (value === "" || UNSAFE_SERVER_VALUE.test(value)) throw new Error(`server variable "${name}" has an unsafe value ${JSON.stringify(value)}`);
    if (variable.enum && !variable.enum.includes(value)) {
      throw new Error(`server variable "${name}" must be one of ${variable.enum.join(", ")}; got ${JSON.stringify(value)}`);
    }
    return value;
  });
  return url.replace(/\/+$/, "");
}

/* ---------------------------------------------------------------- auth */

/** A credential, or a function that returns one per request (for tokens that expire). */
export type TokenSource = string | (() => string | Promise<string>);

export type AuthScheme = { kind: "bearer" } | { kind: "basic" } | { kind: "api-key"; in: "header" | "query" | "cookie"; name: string };

/** Security alternatives by `METHOD /path/template`; each alternative names schemes sent together. */
export type OperationSecurity = Readonly<Record<string, readonly (readonly string[])[]>>;

/**
 * Sends credentials the operation's security allows: the first alternative whose schemes all have
 * a credential. Headers the caller set are never overwritten.
 */
export function createAuthMiddleware(
  schemes: Readonly<Record<string, AuthScheme>>,
  security: OperationSecurity,
  credentials: Readonly<Record<string, TokenSource | undefined>>,
): Middleware {
  return {
    async onRequest({ request, schemaPath }) {
      const alternatives = security[`${request.method} ${schemaPath}`] ?? [];
      const chosen = alternatives.find((names) => names.length > 0 && names.every((name) => credentials[name] !== undefined));
      if (!chosen) return undefined;
      let url: URL | undefined;
      for (const name of chosen) {
        const scheme = schemes[name];
        const source = credentials[name];
        if (!scheme || source === undefined) continue;
        const secret = typeof source === "function" ? await source() : source;
        if (scheme.kind === "bearer") setIfAbsent(request.headers, "Authorization", `Bearer ${secret}`);
        else if (scheme.kind === "basic") setIfAbsent(request.headers, "Authorization", `Basic ${btoa(secret)}`);
        else if (scheme.in === "header") setIfAbsent(request.headers, scheme.name, secret);
        else if (scheme.in === "cookie") appendCookie(request.headers, scheme.name, secret);
        else {
          url ??= new URL(request.url);
          if (!url.searchParams.has(scheme.name)) url.searchParams.set(scheme.name, secret);
        }
      }
      return url ? new Request(url, request) : undefined;
    },
  };
}

function setIfAbsent(headers: Headers, name: string, value: string): void {
  if (!headers.has(name)) headers.set(name, value);
}

function appendCookie(headers: Headers, name: string, value: string): void {
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const existing = headers.get("Cookie");
  headers.set("Cookie", existing ? `${existing}; ${pair}` : pair);
}

/* ---------------------------------------------------------------- defaults */

export interface ParameterDefaults {
  query?: Readonly<Record<string, string | undefined>>;
  header?: Readonly<Record<string, string | undefined>>;
}

/** Fills query and header parameters the caller did not set (Foundry's `api-version`, say). */
export function createDefaultsMiddleware(defaults: ParameterDefaults): Middleware {
  return {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(defaults.header ?? {})) {
        if (value !== undefined) setIfAbsent(request.headers, name, value);
      }
      const query = Object.entries(defaults.query ?? {}).filter(([, value]) => value !== undefined);
      if (query.length === 0) return undefined;
      const url = new URL(request.url);
      for (const [name, value] of query) if (!url.searchParams.has(name)) url.searchParams.set(name, value as string);
      return new Request(url, request);
    },
  };
}

/* ---------------------------------------------------------------- types */

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

type Optional<T, K extends PropertyKey> = Omit<T, K> & { [P in K & keyof T]?: T[P] };

/** Makes `location` optional when none of its keys are required any more. */
type Relax<P, L extends PropertyKey, K extends PropertyKey> = L extends keyof P
  ? [K & keyof NonNullable<P[L]>] extends [never]
    ? P
    : [RequiredKeys<Optional<NonNullable<P[L]>, K>>] extends [never]
      ? Omit<P, L> & { [X in L]?: Optional<NonNullable<P[L]>, K> }
      : Omit<P, L> & { [X in L]: Optional<NonNullable<P[L]>, K> }
  : P;

/** An operation type in which the parameters the client fills by default are optional. */
export type WithDefaults<Op, Q extends PropertyKey = never, H extends PropertyKey = never> = Op extends { parameters: infer P }
  ? Omit<Op, "parameters"> & { parameters: Relax<Relax<P, "query", Q>, "header", H> }
  : Op;

/** The init argument of an operation method: required when the operation has required inputs. */
export type OperationArgs<Op> = [RequiredKeys<FetchOptions<Op>>] extends [never] ? [init?: FetchOptions<Op>] : [init: FetchOptions<Op>];

/** What an operation method resolves to: openapi-fetch's `{ data, error, response }`. */
export type OperationResult<Op extends Record<string | number, any>> = Promise<FetchResponse<Op, {}, `${string}/${string}`>>;

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/**
 * Calls one operation through openapi-fetch; the single place where the path is not a literal type.
 * The client is typed by the one member used: relating `Client<paths>` to `Client<any>` makes the
 * compiler measure the variance of every openapi-fetch method, which costs about a second a check.
 */
export function invoke<Op extends Record<string | number, any>>(
  client: { request: unknown },
  method: HttpMethod,
  path: string,
  init: unknown,
): OperationResult<Op> {
  const request = client.request as (method: string, path: string, init: unknown) => OperationResult<Op>;
  return request(method, path, init ?? {});
}

/** Per-call options of the uniform `stopSession`. */
export interface StopSessionOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}
