import { parentPort } from "node:worker_threads";
import type { ApiModel } from "../../model/types.js";
import { preloadTsMorphTypeScript, preloadTypeScript } from "../../startup/code-cache.mjs";
import { type CheckRequest, InProcessEmitters } from "./in-process.js";

// Before openapi-typescript and ts-morph ask for their TypeScript compilers: load both through
// the code cache, so their own require() finds them ready.
preloadTypeScript();
preloadTsMorphTypeScript();
await Promise.all([import("../types/emit-schema-types.js"), import("../client/assemble-client.js")]);
const emitters = new InProcessEmitters();
// While the main thread loads Redocly and lints the first spec, parse the compile gate's library.
const prewarmed = emitters.prewarm().catch(() => {});

export type EmitRequest =
  | { id: number; kind: "schema"; bundled: Record<string, unknown> }
  | { id: number; kind: "client"; model: ApiModel }
  | { id: number; kind: "dist"; sources: Record<string, string> }
  | { id: number; kind: "check"; request: CheckRequest };
export type EmitReply = { id: number; text: string } | { id: number; error: string };

/** Worker entry: one message per file to emit (or packages to check), answered in order of completion. */
parentPort?.on("message", async (request: EmitRequest) => {
  let reply: EmitReply;
  try {
    const text =
      request.kind === "schema"
        ? await emitters.schemaTypes(request.bundled)
        : request.kind === "client"
          ? await emitters.client(request.model)
          : request.kind === "dist"
            ? JSON.stringify(await emitters.dist(request.sources))
            : JSON.stringify(await prewarmed.then(() => emitters.check(request.request)));
    reply = { id: request.id, text };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
