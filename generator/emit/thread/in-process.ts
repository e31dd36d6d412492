import { createHash } from "node:crypto";
import type { CompileDiagnostic, PackageSources } from "../../compile/compile-gate.js";
import type { ApiModel } from "../../model/types.js";

/**
 * The work that loads a TypeScript compiler: openapi-typescript (schema.ts), ts-morph (client.ts)
 * and the compile gate. It sits behind this interface so the CLI can run it on a worker thread,
 * which loads the compilers while the main thread lints; tests run it in-process.
 */
export interface HeavyEmitters {
  schemaTypes(bundled: Record<string, unknown>): Promise<string>;
  client(model: ApiModel): Promise<string>;
  /** A package's dist/ from its src/*.ts (see emit-dist.ts). */
  dist(sources: Readonly<Record<string, string>>): Promise<Record<string, string>>;
  /** Type-checks emitted packages (see compile-gate.ts); errors by package id, none when it compiles. */
  check(request: CheckRequest): Promise<Record<string, CompileDiagnostic[]>>;
  close(): Promise<void>;
}

export interface CheckRequest {
  repoRoot: string;
  /** Where passing verdicts are remembered (node_modules/.cache/agentstop); none: check every time. */
  cacheDir?: string;
  packages: readonly PackageSources[];
}

/** Everything on this thread, each piece imported on first use. */
export class InProcessEmitters implements HeavyEmitters {
  private readonly gates = new Map<string, import("../../compile/compile-gate.js").CachedCompileGate>();
  /** Declaration files every gate of this process shares (the standard library, openapi-fetch). */
  private readonly library = new Map<string, import("typescript").SourceFile>();

  /** Parses what every compile-gate check needs, ahead of the first one (see prewarmLibrary). */
  async prewarm(): Promise<void> {
    const { prewarmLibrary } = await import("../../compile/compile-gate.js");
    prewarmLibrary(this.library);
  }

  async schemaTypes(bundled: Record<string, unknown>): Promise<string> {
    const { emitSchemaTypes } = await import("../types/emit-schema-types.js");
    return emitSchemaTypes(bundled);
  }

  async client(model: ApiModel): Promise<string> {
    const { assembleClient } = await import("../client/assemble-client.js");
    return assembleClient(model);
  }

  /**
   * dist/ is a pure function of the sources: remembered by their hash for as long as this process
   * lives, so a watch save does not transpile the runtime and the umbrella again when they did not change.
   */
  private readonly distMemo = new Map<string, Record<string, string>>();

  async dist(sources: Readonly<Record<string, string>>): Promise<Record<string, string>> {
    const hash = createHash("sha256");
    for (const file of Object.keys(sources).sort()) hash.update(`${file}\0${sources[file]}\0`);
    const key = hash.digest("hex");
    const remembered = this.distMemo.get(key);
    if (remembered) return remembered;
    const { emitDist } = await import("../dist/emit-dist.js");
    const emitted = emitDist(sources);
    // A bound, not a cache policy: the last few packages' outputs are what a watch session reuses.
    if (this.distMemo.size >= 32) this.distMemo.delete(this.distMemo.keys().next().value as string);
    this.distMemo.set(key, emitted);
    return emitted;
  }

  async check({ repoRoot, cacheDir, packages }: CheckRequest): Promise<Record<string, CompileDiagnostic[]>> {
    const { CachedCompileGate } = await import("../../compile/compile-gate.js");
    const key = `${repoRoot}\0${cacheDir ?? ""}`;
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new CachedCompileGate(repoRoot, cacheDir, this.library);
      this.gates.set(key, gate);
    }
    return gate.check(packages);
  }

  async close(): Promise<void> {}
}
