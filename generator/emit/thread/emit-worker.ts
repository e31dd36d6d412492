import { register } from "node:module";
import { parentPort } from "node:worker_threads";
import type { ApiModel } from "../../model/types.js";
import { preloadTsMorphTypeScript } from "../../startup/code-cache.mjs";

// Before anything loads a TypeScript compiler: openapi-typescript's import of TypeScript goes
// through the code cache (see the hooks), and so does ts-morph's private copy.
register(new URL("../../startup/typescript-hooks.mjs", import.meta.url));
preloadTsMorphTypeScript();
const [{ emitSchemaTypes }, { assembleClient }] = await Promise.all([import("../types/emit-schema-types.js"), import("../client/assemble-client.js")]);

export type EmitRequest = { id: number; kind: "schema"; bundled: Record<string, unknown> } | { id: number; kind: "client"; model: ApiModel };
export type EmitReply = { id: number; text: string } | { id: number; error: string };

/** Worker entry: one message per file to emit, answered in order of completion. */
parentPort?.on("message", async (request: EmitRequest) => {
  let reply: EmitReply;
  try {
    reply = { id: request.id, text: request.kind === "schema" ? await emitSchemaTypes(request.bundled) : assembleClient(request.model) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
