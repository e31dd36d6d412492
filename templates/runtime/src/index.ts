/**
 * @agentstop/runtime: what every generated agentstop client shares, on top of openapi-fetch: path
 * safety, server URLs, auth, parameter defaults, timeouts and retries, and honest results. One package, so a fix is one release and
 * `instanceof` holds across providers.
 */
export * from "./auth.js";
export * from "./defaults.js";
export * from "./errors.js";
export * from "./input-checks.js";
export * from "./operations.js";
export * from "./path-safety.js";
export * from "./responses.js";
export * from "./servers.js";
export * from "./transport.js";
