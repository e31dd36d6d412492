import type { Middleware } from "openapi-fetch";
/** A credential, or a function that returns one per request (for tokens that expire). */
export type TokenSource = string | (() => string | Promise<string>);
export type AuthScheme = {
    kind: "bearer";
} | {
    kind: "basic";
} | {
    kind: "api-key";
    in: "header" | "query" | "cookie";
    name: string;
};
/** Security alternatives by `METHOD /path/template`; each alternative names schemes sent together. */
export type OperationSecurity = Readonly<Record<string, readonly (readonly string[])[]>>;
/**
 * Sends credentials the operation's security allows: the first alternative whose schemes all have
 * a credential. Headers the caller set are never overwritten.
 */
export declare function createAuthMiddleware(schemes: Readonly<Record<string, AuthScheme>>, security: OperationSecurity, credentials: Readonly<Record<string, TokenSource | undefined>>): Middleware;
