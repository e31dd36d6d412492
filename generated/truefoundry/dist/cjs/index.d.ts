export * from "./client.js";
export { encodePathSegment, PathParameterError, type StopSessionOptions, type TokenSource } from "@agentstop/runtime";
export type { components, operations, paths } from "./schema.js";
