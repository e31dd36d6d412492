import { parentPort } from "node:worker_threads";
import { emitSchemaTypes } from "./emit-schema-types.js";

/** Worker entry: turns bundled documents into schema.ts text, one message per provider. */
parentPort?.on("message", async ({ id, bundled }: { id: number; bundled: Record<string, unknown> }) => {
  try {
    parentPort?.postMessage({ id, text: await emitSchemaTypes(bundled) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
