import type { Middleware } from "openapi-fetch";
import { setIfAbsent } from "./internal.js";

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

function appendCookie(headers: Headers, name: string, value: string): void {
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const existing = headers.get("Cookie");
  headers.set("Cookie", existing ? `${existing}; ${pair}` : pair);
}
