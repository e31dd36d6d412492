import { readFileSync } from "node:fs";
import path from "node:path";
import { emitPackage } from "./emit/emit-package.js";
import { InProcessSchemaTypes, type SchemaTypesEmitter } from "./emit/types/in-process.js";
import { SpecError } from "./errors.js";
import { LintFailure, type LintFinding, lintAndBundle } from "./lint/lint-and-bundle.js";
import { discoverProviders } from "./load/discover.js";
import { loadProvider } from "./load/load-provider.js";
import { buildModel } from "./model/build-model.js";
import type { ApiModel } from "./model/types.js";

export interface ProviderResult {
  id: string;
  ok: boolean;
  operations: number;
  findings: LintFinding[];
  files: number;
  ms: number;
  error?: Error;
  model?: ApiModel;
}

export interface GenerateResult {
  providers: ProviderResult[];
  /** Repository-relative path → content, for every file the run owns. */
  files: Map<string, string>;
  /** Folders under generated/ this run is responsible for (for --check and clean-up). */
  scope: string[];
}

export interface GenerateOptions {
  only?: string;
  /** A thread already started by the caller (the CLI starts it before loading anything heavy). */
  schemaThread?: SchemaTypesEmitter;
}

/**
 * Runs every stage for every provider, in memory. Nothing is written here: the caller writes
 * only if every provider succeeded, so a failure leaves generated/ as it was.
 */
export async function generate(repoRoot: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const all = discoverProviders(path.join(repoRoot, "specs"));
  if (options.only && !all.includes(options.only)) {
    throw new SpecError({ file: `specs/${options.only}` }, `no such provider (known: ${all.join(", ")})`);
  }
  const ids = options.only ? [options.only] : all;
  const schemaThread = options.schemaThread ?? new InProcessSchemaTypes();
  try {
    return await generateProviders(repoRoot, ids, schemaThread);
  } finally {
    if (!options.schemaThread) await schemaThread.close();
  }
}

async function generateProviders(repoRoot: string, ids: string[], schemaThread: SchemaTypesEmitter): Promise<GenerateResult> {
  const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const context = {
    templatesDir: path.join(repoRoot, "templates"),
    runtimeSource: readFileSync(path.join(repoRoot, "templates", "runtime.ts"), "utf8"),
    version: "0.1.0",
    openapiFetchRange: rootPackage.dependencies["openapi-fetch"] ?? "*",
    schemaTypes: (bundled: Record<string, unknown>) => schemaThread.emit(bundled),
  };
  const files = new Map<string, string>();
  const providers: ProviderResult[] = [];
  for (const id of ids) {
    const started = performance.now();
    const result: ProviderResult = { id, ok: false, operations: 0, findings: [], files: 0, ms: 0 };
    try {
      const loaded = loadProvider(repoRoot, id);
      const linted = await lintAndBundle(repoRoot, loaded);
      result.findings = linted.findings;
      const model = buildModel({ manifest: loaded.manifest, document: linted.bundled, specFile: loaded.specFile, manifestFile: `specs/${id}/provider.yaml` });
      const emitted = await emitPackage(model, linted.bundled, context);
      for (const [file, content] of Object.entries(emitted)) files.set(`generated/${id}/${file}`, content);
      Object.assign(result, { ok: true, operations: model.operations.length, files: Object.keys(emitted).length, model });
    } catch (error) {
      result.error = error instanceof Error ? error : new Error(String(error));
      if (error instanceof LintFailure) result.findings = error.findings;
    }
    result.ms = performance.now() - started;
    providers.push(result);
  }
  return { providers, files, scope: ids.map((id) => `generated/${id}`) };
}
