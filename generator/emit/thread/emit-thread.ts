import { Worker } from "node:worker_threads";
import type { CompileDiagnostic } from "../../compile/compile-gate.js";
import type { ApiModel } from "../../model/types.js";
import type { EmitReply, EmitRequest } from "./emit-worker.js";
import type { CheckRequest, HeavyEmitters } from "./in-process.js";

type Pending = { resolve: (text: string) => void; reject: (error: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * openapi-typescript and ts-morph on a second thread. Loading them costs more than the rest of a
 * run, so the CLI starts this first: on a two-core machine the worker loads both compilers while
 * the main thread loads Redocly and lints, and the main thread never loads TypeScript at all.
 */
export class EmitThread implements HeavyEmitters {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set once the worker has died; later requests fail at once instead of waiting forever. */
  private failure: Error | undefined;

  constructor() {
    // Transpiled (npm run generate): the worker is plain JavaScript. From source (tests): tsx boots it.
    const entry = import.meta.url.endsWith(".js") ? "./emit-worker.js" : "./emit-worker.boot.mjs";
    this.worker = new Worker(new URL(entry, import.meta.url));
    this.worker.on("message", (reply: EmitReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ("error" in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.text);
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", (code) => this.failAll(new Error(`emit worker exited with code ${code}`)));
  }

  schemaTypes(bundled: Record<string, unknown>): Promise<string> {
    return this.send({ kind: "schema", bundled });
  }

  client(model: ApiModel): Promise<string> {
    return this.send({ kind: "client", model });
  }

  async dist(sources: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    return JSON.parse(await this.send({ kind: "dist", sources: { ...sources } })) as Record<string, string>;
  }

  async check(request: CheckRequest): Promise<Record<string, CompileDiagnostic[]>> {
    return JSON.parse(await this.send({ kind: "check", request })) as Record<string, CompileDiagnostic[]>;
  }

  async close(): Promise<void> {
    this.failure ??= new Error("emit thread closed");
    await this.worker.terminate();
  }

  private send(request: DistributiveOmit<EmitRequest, "id">): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
