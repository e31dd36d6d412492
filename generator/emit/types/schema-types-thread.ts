import { Worker } from "node:worker_threads";
import type { SchemaTypesEmitter } from "./in-process.js";

type Pending = { resolve: (text: string) => void; reject: (error: Error) => void };

/**
 * openapi-typescript on a second thread. Importing it costs about as much as the rest of a run
 * (it loads TypeScript and Redocly 1.x; ts-morph loads its own TypeScript), so starting it first
 * lets both halves load in parallel on a two-core machine.
 */
export class SchemaTypesThread implements SchemaTypesEmitter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set once the worker has died; later requests fail at once instead of waiting forever. */
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL("./schema-types-worker.boot.mjs", import.meta.url));
    this.worker.on("message", ({ id, text, error }: { id: number; text?: string; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) waiting?.reject(new Error(`openapi-typescript: ${error}`));
      else waiting?.resolve(text ?? "");
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", (code) => this.failAll(new Error(`schema types worker exited with code ${code}`)));
  }

  emit(bundled: Record<string, unknown>): Promise<string> {
    const id = this.nextId++;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, bundled });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("schema types thread closed");
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
