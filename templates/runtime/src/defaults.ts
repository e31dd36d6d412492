import type { Middleware } from "openapi-fetch";
import { setIfAbsent } from "./internal.js";

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
