import type { FetchOptions, FetchResponse } from "openapi-fetch";
type RequiredKeys<T> = {
    [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];
type Optional<T, K extends PropertyKey> = Omit<T, K> & {
    [P in K & keyof T]?: T[P];
};
/** Makes `location` optional when none of its keys are required any more. */
type Relax<P, L extends PropertyKey, K extends PropertyKey> = L extends keyof P ? [K & keyof NonNullable<P[L]>] extends [never] ? P : [RequiredKeys<Optional<NonNullable<P[L]>, K>>] extends [never] ? Omit<P, L> & {
    [X in L]?: Optional<NonNullable<P[L]>, K>;
} : Omit<P, L> & {
    [X in L]: Optional<NonNullable<P[L]>, K>;
} : P;
/** An operation type in which the parameters the client fills by default are optional. */
export type WithDefaults<Op, Q extends PropertyKey = never, H extends PropertyKey = never> = Op extends {
    parameters: infer P;
} ? Omit<Op, "parameters"> & {
    parameters: Relax<Relax<P, "query", Q>, "header", H>;
} : Op;
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
export declare function invoke<Op extends Record<string | number, any>>(client: {
    request: unknown;
}, method: HttpMethod, path: string, init: unknown): OperationResult<Op>;
/** Per-call options of the uniform `stopSession`. */
export interface StopSessionOptions {
    signal?: AbortSignal;
    headers?: Record<string, string>;
}
export {};
