import { readFileSync } from "node:fs";
import path from "node:path";
import { buildConformance, type ConformanceOptions } from "./conformance/conformance-stage.js";
import { emitMatrixFiles } from "./emit/conformance/emit-matrix.js";
import { type EmitContext, emitPackage } from "./emit/emit-package.js";
import { type HeavyEmitters, InProcessEmitters } from "./emit/thread/in-process.js";
import { SpecError } from "./errors.js";
import { LintFailure, type LintFinding, lintAndBundle } from "./lint/lint-and-bundle.js";
import { discoverProviders } from "./load/discover.js";
import { loadProvider } from "./load/load-provider.js";
import { buildModel } from "./model/build-model.js";
import type { ApiModel } from "./model/types.js";
import { planRelease, type ReleasePlan } from "./release/plan-release.js";
import { readPreviousRelease } from "./release/previous-release.js";

export interface ProviderResult {
  id: string;
  ok: boolean;
  operations: number;
  findings: LintFinding[];
  files: number;
  ms: number;
  error?: Error;
  model?: ApiModel;
  /** The package version this run gives the provider, and the spec changes that decided it. */
  release?: ReleasePlan;
}

export interface GenerateResult {
  providers: ProviderResult[];
  /** Repository-relative path → content, for every file the run owns. */
  files: Map<string, string>;
  /** Folders under generated/ this run is responsible for (for --check and clean-up). */
  scope: string[];
}

export interface GenerateOptions {
  /** One provider or several (the incremental run and watch pass the changed ones). */
  only?: string | readonly string[];
  /** Run live conformance checks whose inputs changed (default true); see conformance-stage.ts. */
  live?: boolean;
  /** Emitters already started by the caller (the CLI starts a worker before loading anything heavy). */
  emitters?: HeavyEmitters;
}

/**
 * Runs every stage for every provider, in memory. Nothing is written here: the caller writes
 * only if every provider succeeded, so a failure leaves generated/ as it was.
 */
export async function generate(repoRoot: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const all = discoverProviders(path.join(repoRoot, "specs"));
  const only = typeof options.only === "string" ? [options.only] : options.only;
  for (const id of only ?? []) {
    if (!all.includes(id)) throw new SpecError({ file: `specs/${id}` }, `no such provider (known: ${all.join(", ")})`);
  }
  const ids = only ? all.filter((id) => only.includes(id)) : all;
  const emitters = options.emitters ?? new InProcessEmitters();
  try {
    return await generateProviders(repoRoot, ids, emitters, { live: options.live ?? true, allProviders: all });
  } finally {
    if (!options.emitters) await emitters.close();
  }
}

async function generateProviders(repoRoot: string, ids: string[], emitters: HeavyEmitters, conformance: ConformanceOptions): Promise<GenerateResult> {
  const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const context = {
    templatesDir: path.join(repoRoot, "templates"),
    runtimeSource: readFileSync(path.join(repoRoot, "templates", "runtime.ts"), "utf8"),
    openapiFetchRange: rootPackage.dependencies["openapi-fetch"] ?? "*",
    emitters,
  };
  const files = new Map<string, string>();
  // Each provider's emission is started, not awaited, so the next provider lints while the emit
  // worker writes this one's types and client; results are gathered in provider order.
  const pending = ids.map((id) => generateProvider(repoRoot, id, context));
  const providers = await Promise.all(pending);
  for (const { id, emitted } of providers) {
    for (const [file, content] of Object.entries(emitted ?? {})) files.set(`generated/${id}/${file}`, content);
  }
  const scope = ids.map((id) => `generated/${id}`);
  if (providers.every((provider) => provider.ok)) {
    const inputs = providers.map(({ model, findings, bundled, emitted }) => ({
      model: model as ApiModel,
      findings,
      bundled: bundled ?? {},
      packageFiles: emitted ?? {},
    }));
    const matrix = await buildConformance(repoRoot, inputs, conformance);
    for (const [file, content] of Object.entries(emitMatrixFiles(context.templatesDir, matrix))) {
      files.set(file, content);
      scope.push(file);
    }
  }
  return { providers: providers.map(({ emitted: _, bundled: __, ...result }) => result), files, scope };
}

type ProviderOutcome = ProviderResult & { emitted?: Record<string, string>; bundled?: Record<string, unknown> };

async function generateProvider(repoRoot: string, id: string, context: EmitContext): Promise<ProviderOutcome> {
  const started = performance.now();
  const result: ProviderOutcome = { id, ok: false, operations: 0, findings: [], files: 0, ms: 0 };
  try {
    const loaded = loadProvider(repoRoot, id);
    const linted = await lintAndBundle(repoRoot, loaded);
    result.findings = linted.findings;
    const model = buildModel({ manifest: loaded.manifest, document: linted.bundled, specFile: loaded.specFile, manifestFile: `specs/${id}/provider.yaml` });
    const release = planRelease(readPreviousRelease(repoRoot, id), linted.bundled, `${model.info.title} ${model.info.version}`);
    result.release = release;
    result.emitted = await emitPackage(model, linted.bundled, release, context);
    result.bundled = linted.bundled;
    Object.assign(result, { ok: true, operations: model.operations.length, files: Object.keys(result.emitted).length, model });
  } catch (error) {
    result.error = error instanceof Error ? error : new Error(String(error));
    if (error instanceof LintFailure) result.findings = error.findings;
  }
  result.ms = performance.now() - started;
  return result;
}
