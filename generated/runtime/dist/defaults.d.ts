import type { Middleware } from "openapi-fetch";
export interface ParameterDefaults {
    query?: Readonly<Record<string, string | undefined>>;
    header?: Readonly<Record<string, string | undefined>>;
}
/** Fills query and header parameters the caller did not set (Foundry's `api-version`, say). */
export declare function createDefaultsMiddleware(defaults: ParameterDefaults): Middleware;
