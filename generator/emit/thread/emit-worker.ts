import { parentPort } from "node:worker_threads";
import type { ApiModel } from "../../model/types.js";
import { preloadTsMorphTypeScript, preloadTypeScript } from "../../startup/code-cache.mjs";

// Before openapi-typescript and ts-morph ask for their TypeScript compilers: load both through
// the code cache, so their own require() finds them ready.
preloadTypeScript();
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
