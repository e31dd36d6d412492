/**
 * @agentstop/runtime: what every generated agentstop client shares, on top of openapi-fetch: path
 * safety, server URLs, auth and parameter defaults. One package, so a fix is one release and
 * `instanceof` holds across providers.
 */
export * from "./auth.js";
export * from "./defaults.js";
export * from "./operations.js";
export * from "./path-safety.js";
export * from "./servers.js";
