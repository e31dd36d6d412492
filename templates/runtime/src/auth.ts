import type { Middleware } from "openapi-fetch";
import { brandError, brandedInstanceCheck, HEADER_SAFE, setIfAbsent } from "./internal.js";

/** A credential, or a function that returns one per request (for tokens that expire). */
export type TokenSource = string | (() => string | Promise<string>);

/** A security scheme, with `option`: the name of its credential in the client's `auth` option. */
export type AuthScheme = { option: string } & ({ kind: "bearer" } | { kind: "basic" } | { kind: "api-key"; in: "header" | "query" | "cookie"; name: string });

/**
 * Thrown when a credential is missing, empty or could not travel in a header. It names the option
 * (`auth.bearerAuth`), never the value: the message may be logged anywhere.
 */
export class CredentialError extends Error {
  readonly option: string;

  constructor(option: string, reason: string) {
    super(`${option} ${reason}; no request was sent`);
    this.name = "CredentialError";
    brandError(this, "CredentialError");
    this.option = option;
  }
}
brandedInstanceCheck(CredentialError, "CredentialError");

/** Why a credential cannot be sent, or undefined when it can. */
function credentialProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string or a function returning one, got ${typeof value}`;
  if (value === "") return "is empty";
  if (/[\r\n\0]/.test(value)) return "contains a line break or NUL";
  if (!HEADER_SAFE.test(value)) return "contains a character a header cannot carry unchanged (only visible ASCII, with spaces or tabs inside)";
  return undefined;
}

/** Security alternatives by `METHOD /path/template`; each alternative names schemes sent together. */
export type OperationSecurity = Readonly<Record<string, readonly (readonly string[])[]>>;

/** The header that carries the operation from openapi-fetch's middleware stage to the transport; never sent. */
export const OPERATION_HEADER = "x-agentstop-operation";

/** Adds credentials to one outgoing attempt; returns the URL to send to (a query API key changes it). */
export type Authorize = (headers: Headers, url: string) => Promise<string>;

export interface Auth {
  /** Marks each request with its operation; user middleware added later never sees a credential. */
  middleware: Middleware;
  /** Called by the transport on every attempt, after every middleware: the only place a secret is read. */
  authorize: Authorize;
}

/**
 * Sends credentials the operation's security allows: the first alternative whose schemes all have
 * a credential. Headers the caller set are never overwritten. Credentials are added in the
 * transport, at the last moment, so a logging middleware, an error or a retried Request object never
 * holds one; a function token is asked again for each attempt.
 */
export function createAuth(
  schemes: Readonly<Record<string, AuthScheme>>,
  security: OperationSecurity,
  credentials: Readonly<Record<string, TokenSource | undefined>>,
): Auth {
  const optionOf = (name: string) => `auth.${Object.hasOwn(schemes, name) ? schemes[name]?.option : name}`;
  // Strings are checked now, when the client is created; functions when they answer, on each attempt.
  for (const [name, source] of Object.entries(credentials)) {
    const problem = source === undefined || typeof source === "function" ? undefined : credentialProblem(source);
    if (problem) throw new CredentialError(optionOf(name), problem);
  }
  return {
    middleware: {
      onRequest({ request, schemaPath }) {
        request.headers.set(OPERATION_HEADER, `${request.method} ${schemaPath}`);
        return undefined;
      },
    },
    async authorize(headers, url) {
      const operation = headers.get(OPERATION_HEADER);
      headers.delete(OPERATION_HEADER);
      const alternatives = (operation !== null && Object.hasOwn(security, operation) ? security[operation] : undefined) ?? [];
      const chosen = alternatives.find((names) => names.length > 0 && names.every((name) => credentials[name] !== undefined));
      if (!chosen) {
        // No security, or an alternative that needs none: nothing to send.
        if (alternatives.length === 0 || alternatives.some((names) => names.length === 0)) return url;
        const options = alternatives.map((names) => names.map(optionOf).join(" and ")).join(", or ");
        throw new CredentialError(
          options,
          `${alternatives.length > 1 || (alternatives[0]?.length ?? 0) > 1 ? "are" : "is"} needed by ${operation} and not set`,
        );
      }
      let target: URL | undefined;
      for (const name of chosen) {
        const scheme = Object.hasOwn(schemes, name) ? schemes[name] : undefined;
        const source = credentials[name];
        if (!scheme || source === undefined) continue;
        const secret = typeof source === "function" ? await source() : source;
        const problem = credentialProblem(secret);
        if (problem) throw new CredentialError(optionOf(name), `returned a credential that ${problem}`);
        if (scheme.kind === "bearer") setIfAbsent(headers, "Authorization", `Bearer ${secret}`);
        else if (scheme.kind === "basic") setIfAbsent(headers, "Authorization", `Basic ${btoa(secret)}`);
        else if (scheme.in === "header") setIfAbsent(headers, scheme.name, secret);
        else if (scheme.in === "cookie") appendCookie(headers, scheme.name, secret);
        else {
          target ??= new URL(url);
          if (!target.searchParams.has(scheme.name)) target.searchParams.set(scheme.name, secret);
        }
      }
      return target ? target.href : url;
    },
  };
}

function appendCookie(headers: Headers, name: string, value: string): void {
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const existing = headers.get("Cookie");
  headers.set("Cookie", existing ? `${existing}; ${pair}` : pair);
}
