import type { ApiModel } from "../../model/types.js";

/**
 * The two emitters that load a TypeScript compiler each: openapi-typescript (schema.ts) and ts-morph
 * (client.ts). They sit behind this interface so the CLI can run them on a worker thread, which
 * loads them while the main thread lints; tests run them in-process.
 */
export interface HeavyEmitters {
  schemaTypes(bundled: Record<string, unknown>): Promise<string>;
  client(model: ApiModel): Promise<string>;
  close(): Promise<void>;
}

/** Both emitters on this thread, each imported on first use. */
export class InProcessEmitters implements HeavyEmitters {
  async schemaTypes(bundled: Record<string, unknown>): Promise<string> {
    const { emitSchemaTypes } = await import("../types/emit-schema-types.js");
    return emitSchemaTypes(bundled);
  }

  async client(model: ApiModel): Promise<string> {
    const { assembleClient } = await import("../client/assemble-client.js");
    return assembleClient(model);
  }

  async close(): Promise<void> {}
}
