import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { buildConformance, type ConformanceOptions } from "./conformance/conformance-stage.js";
import { buildMatrix, type MatrixRow } from "./conformance/matrix.js";
import { emitMatrixFiles } from "./emit/conformance/emit-matrix.js";
import { type EmitContext, emitPackageBody, versionedFiles } from "./emit/emit-package.js";
import { emitRuntimeBody, type RuntimeInputs, runtimeRange, runtimeVersionedFiles } from "./emit/runtime/emit-runtime-package.js";
import { type HeavyEmitters, InProcessEmitters } from "./emit/thread/in-process.js";
import { DESCRIPTOR_FILE, type ProviderDescriptor, providerDescriptor } from "./emit/umbrella/descriptor.js";
import { emitUmbrellaBody, type UmbrellaInputs, umbrellaVersionedFiles } from "./emit/umbrella/emit-umbrella.js";
import { CompileFailure, SpecError } from "./errors.js";
import { bundleProvider, LintFailure, type LintFinding, lintProvider, throwOnLintError } from "./lint/lint-and-bundle.js";
import { discoverProviders } from "./load/discover.js";
import { checkFolderInside } from "./load/inside.js";
import { loadProvider } from "./load/load-provider.js";
import { buildModel } from "./model/build-model.js";
import type { ApiModel } from "./model/types.js";
import { packedChange, publishedHash, withPackedChange } from "./release/packed-change.js";
import { FIRST_VERSION, planRelease, type ReleasePlan } from "./release/plan-release.js";
import { BUNDLED_SPEC_FILE, readPreviousRelease } from "./release/previous-release.js";
import { selectOperations } from "./select/select-operations.js";
import { mapLimited } from "./shared/map-limited.js";
import { createRunCache } from "./shared/run-cache.js";
import { RUNTIME_ID, UMBRELLA_ID } from "./shared/runtime-package.js";
import { trace } from "./shared/trace.js";

/** Providers in flight at once: the cores, and at least two so linting overlaps emitting. */
const PROVIDER_CONCURRENCY = Math.max(2, availableParallelism());

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
  /** Folders and files under generated/ this run writes: those of the providers that succeeded, and the matrix. */
  scope: string[];
  /** The shared runtime package (generated/runtime): written when it compiles. */
  runtime: { ok: boolean; version: string; release?: ReleasePlan; error?: Error };
  /** The umbrella package (generated/agentstop): written when it compiles. */
  umbrella: { ok: boolean; version: string; release?: ReleasePlan; error?: Error };
  /** Time the compile gate took, in milliseconds (0 when every package's verdict was cached). */
  gateMs: number;
}

export interface GenerateOptions {
  /** One provider or several (the incremental run and watch pass the changed ones). */
  only?: string | readonly string[];
  /** Run live conformance checks whose inputs changed (default true); see conformance-stage.ts. */
  live?: boolean;
  /** Emitters already started by the caller (the CLI starts a worker before loading anything heavy). */
  emitters?: HeavyEmitters;
  /** Where the compile gate remembers packages that passed (the CLI's node_modules/.cache/agentstop). */
  cacheDir?: string;
  /** Called as each provider finishes its emit (before the compile gate and live checks). */
  onProvider?: (provider: ProviderResult, done: number, total: number) => void;
}

interface RunOptions extends ConformanceOptions {
  cacheDir?: string;
  onProvider?: GenerateOptions["onProvider"];
}

/**
 * Runs every stage for every provider, in memory. Nothing is written here: the caller writes the
 * files of the providers that succeeded (`files`, `scope`); a provider that failed at any stage,
 * the compile gate and the live checks included, is a failed row and keeps its files as they were.
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
    return await generateProviders(repoRoot, ids, emitters, {
      live: options.live ?? true,
      allProviders: all,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.onProvider ? { onProvider: options.onProvider } : {}),
    });
  } finally {
    if (!options.emitters) await emitters.close();
  }
}

/** What every package of a run is emitted with, read once per run (never kept across runs: --watch). */
function runSettings(repoRoot: string) {
  const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    repository?: string | { url?: string };
  };
  const repositoryUrl = typeof rootPackage.repository === "string" ? rootPackage.repository : rootPackage.repository?.url;
  const templatesDir = path.join(repoRoot, "templates");
  // Every template is the repository's own file: none may be a link to a file elsewhere.
  checkFolderInside(templatesDir, repoRoot);
  return {
    templatesDir,
    openapiFetchRange: rootPackage.dependencies["openapi-fetch"] ?? "*",
    cache: createRunCache(),
    repository: repositoryUrl ? { repositoryUrl } : {},
  };
}

async function generateProviders(repoRoot: string, ids: string[], emitters: HeavyEmitters, options: RunOptions): Promise<GenerateResult> {
  const { templatesDir, openapiFetchRange, cache, repository } = runSettings(repoRoot);
  // The shared runtime first: its version decides the range every provider package asks for.
  const runtime = await generateRuntime(repoRoot, { templatesDir, openapiFetchRange, emitters, cache, ...repository });
  const context: EmitContext = { templatesDir, openapiFetchRange, runtimeRange: runtimeRange(runtime.version), emitters, cache, ...repository };
  // Providers go through with bounded concurrency: enough in flight that one lints while the emit
  // worker writes another's types and client, never so many that every spec is in memory at once
  // (two hundred specs as providers is a real repository). Results keep provider order.
  let done = 0;
  const providers = await mapLimited(ids, PROVIDER_CONCURRENCY, async (id) => {
    const outcome = await generateProvider(repoRoot, id, context);
    options.onProvider?.(outcome, ++done, ids.length);
    return outcome;
  });
  // The umbrella: every provider's descriptor, fresh from this run or as last written.
  const umbrella = await generateUmbrella(repoRoot, options.allProviders, providers, {
    templatesDir,
    runtimeRange: context.runtimeRange,
    emitters,
    cache,
    ...repository,
  });
  trace("umbrella emitted");
  const gateMs = await compileGate(repoRoot, runtime, providers, emitters, options.cacheDir, umbrella);

  trace("compile gate done");
  const passed = providers.filter((provider) => provider.ok);
  const { matrix, failures } = await buildConformance(
    repoRoot,
    passed.map(({ model, findings, bundled, emitted, overlaid }) => ({
      model: model as ApiModel,
      findings,
      bundled: bundled ?? {},
      packageFiles: emitted ?? {},
      runtimeFiles: runtime.files,
      overlaid: overlaid ?? [],
    })),
    { live: options.live, allProviders: options.allProviders },
  );
  for (const provider of passed) {
    const failure = failures.get(provider.id);
    if (failure) Object.assign(provider, { ok: false, error: failure });
  }
  // Only providers that passed every stage are written; a failed one keeps its files as they were.
  const files = new Map<string, string>();
  const scope: string[] = [];
  if (runtime.ok) {
    scope.push(`generated/${RUNTIME_ID}`);
    for (const [file, content] of Object.entries(runtime.files)) files.set(`generated/${RUNTIME_ID}/${file}`, content);
  }
  if (umbrella.ok) {
    scope.push(`generated/${UMBRELLA_ID}`);
    for (const [file, content] of Object.entries(umbrella.files)) files.set(`generated/${UMBRELLA_ID}/${file}`, content);
  }
  for (const { id, ok, emitted } of providers) {
    if (!ok) continue;
    scope.push(`generated/${id}`);
    for (const [file, content] of Object.entries(emitted ?? {})) files.set(`generated/${id}/${file}`, content);
  }
  for (const [file, content] of Object.entries(emitMatrixFiles(context.templatesDir, matrix))) {
    files.set(file, content);
    scope.push(file);
  }
  return {
    providers: providers.map(({ emitted: _, bundled: __, overlaid: ___, ...result }) => result),
    runtime: {
      ok: runtime.ok,
      version: runtime.version,
      ...(runtime.error ? { error: runtime.error } : {}),
      ...(runtime.release ? { release: runtime.release } : {}),
    },
    umbrella: {
      ok: umbrella.ok,
      version: umbrella.version,
      ...(umbrella.error ? { error: umbrella.error } : {}),
      ...(umbrella.release ? { release: umbrella.release } : {}),
    },
    files,
    scope,
    gateMs,
  };
}

/**
 * The fan-in of a sharded run (generator/shard): every provider's package is already in generated/,
 * each written by the shard that generated it, and `rows` are those shards' conformance rows. What
 * no single shard can write is made here as a whole run would: the runtime, the umbrella (from every
 * provider's descriptor), both through the compile gate, and the matrix. Nothing is written.
 */
export async function generateShared(
  repoRoot: string,
  rows: readonly MatrixRow[],
  options: { emitters: HeavyEmitters; cacheDir?: string },
): Promise<Pick<GenerateResult, "files" | "scope" | "runtime" | "umbrella">> {
  const { templatesDir, openapiFetchRange, cache, repository } = runSettings(repoRoot);
  const runtime = await generateRuntime(repoRoot, { templatesDir, openapiFetchRange, emitters: options.emitters, cache, ...repository });
  const all = discoverProviders(path.join(repoRoot, "specs"));
  const umbrella = await generateUmbrella(repoRoot, all, [], {
    templatesDir,
    runtimeRange: runtimeRange(runtime.version),
    emitters: options.emitters,
    cache,
    ...repository,
  });
  await compileGate(repoRoot, runtime, [], options.emitters, options.cacheDir, umbrella);
  const files = new Map<string, string>();
  const scope: string[] = [];
  for (const [id, outcome] of [
    [RUNTIME_ID, runtime],
    [UMBRELLA_ID, umbrella],
  ] as const) {
    if (!outcome.ok) continue;
    scope.push(`generated/${id}`);
    for (const [file, content] of Object.entries(outcome.files)) files.set(`generated/${id}/${file}`, content);
  }
  for (const [file, content] of Object.entries(emitMatrixFiles(templatesDir, buildMatrix(rows)))) {
    files.set(file, content);
    scope.push(file);
  }
  const summary = (outcome: RuntimeOutcome) => ({ ok: outcome.ok, version: outcome.version, ...(outcome.error ? { error: outcome.error } : {}) });
  return { files, scope, runtime: summary(runtime), umbrella: summary(umbrella) };
}

interface RuntimeOutcome {
  ok: boolean;
  version: string;
  files: Record<string, string>;
  release?: ReleasePlan;
  error?: Error;
}

/** generated/runtime: emitted, its version planned from its published bytes alone (it has no spec). */
async function generateRuntime(repoRoot: string, inputs: RuntimeInputs): Promise<RuntimeOutcome> {
  const previous = readPreviousRelease(repoRoot, RUNTIME_ID);
  const body = await emitRuntimeBody(inputs);
  return releaseWithoutSpec(previous, body, (plan) => runtimeVersionedFiles(inputs, plan));
}

/**
 * A package without a spec of its own (the runtime, the umbrella), released by its published bytes
 * alone: its body with the versioned files of the release that comparison decides.
 */
function releaseWithoutSpec(
  previous: ReturnType<typeof readPreviousRelease>,
  body: Record<string, string>,
  versioned: (plan: ReleasePlan) => Record<string, string>,
): RuntimeOutcome {
  const base: ReleasePlan = {
    version: previous.version ?? FIRST_VERSION,
    previousVersion: previous.version,
    level: undefined,
    changes: [],
    previousEntries: previous.changelogEntries ?? "",
    ...(previous.changelogEntries ? {} : { entry: { version: previous.version ?? FIRST_VERSION, summary: "First release.", sections: [] } }),
  };
  const draft = { ...body, ...versioned({ ...base, entry: undefined }) };
  const release = { ...withPackedChange(base, packedChange(previous.published, draft)), publishedHash: publishedHash(draft) };
  return { ok: true, version: release.version, files: { ...body, ...versioned(release) }, release };
}

/**
 * generated/agentstop: built from every provider's descriptor (this run's, else the one on disk),
 * its version planned from its published bytes like the runtime's. It fails alone: a broken
 * umbrella never costs a provider its package.
 */
async function generateUmbrella(repoRoot: string, allIds: readonly string[], providers: ProviderOutcome[], inputs: UmbrellaInputs): Promise<RuntimeOutcome> {
  const previous = readPreviousRelease(repoRoot, UMBRELLA_ID);
  try {
    const fresh = new Map(
      providers.filter((provider) => provider.ok && provider.emitted).map((provider) => [provider.id, provider.emitted?.[DESCRIPTOR_FILE]]),
    );
    const descriptors = allIds.flatMap((id) => {
      const file = path.join(repoRoot, "generated", id, DESCRIPTOR_FILE);
      const text = fresh.get(id) ?? (existsSync(file) ? readFileSync(file, "utf8") : undefined);
      return text === undefined ? [] : [JSON.parse(text) as ProviderDescriptor];
    });
    const body = await emitUmbrellaBody(descriptors, inputs);
    return releaseWithoutSpec(previous, body, (plan) => umbrellaVersionedFiles(descriptors, inputs, plan));
  } catch (error) {
    return { ok: false, version: previous.version ?? FIRST_VERSION, files: {}, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * Type-checks the runtime and every emitted package at once; a package that does not compile fails
 * its provider, and a runtime that does not compile fails them all.
 */
async function compileGate(
  repoRoot: string,
  runtime: RuntimeOutcome,
  providers: ProviderOutcome[],
  emitters: HeavyEmitters,
  cacheDir: string | undefined,
  umbrella: RuntimeOutcome,
): Promise<number> {
  const emitted = providers.filter((provider) => provider.ok && provider.emitted);
  if (emitted.length === 0 && !runtime.ok) return 0;
  // For `npm run bench` only, to measure what the gate costs: never set it anywhere else.
  if (process.env.AGENTSTOP_BENCH_SKIP_COMPILE_GATE === "1") return 0;
  const started = performance.now();
  const verdicts = await emitters.check({
    repoRoot,
    ...(cacheDir ? { cacheDir } : {}),
    packages: [
      { id: RUNTIME_ID, files: runtime.files },
      ...emitted.map(({ id, emitted: files }) => ({ id, files: files ?? {} })),
      ...(umbrella.ok ? [{ id: UMBRELLA_ID, files: umbrella.files }] : []),
    ],
  });
  const umbrellaErrors = verdicts[UMBRELLA_ID] ?? [];
  if (umbrellaErrors.length > 0) Object.assign(umbrella, { ok: false, error: new CompileFailure(UMBRELLA_ID, umbrellaErrors) });
  const runtimeErrors = verdicts[RUNTIME_ID] ?? [];
  if (runtimeErrors.length > 0) {
    Object.assign(runtime, { ok: false, error: new CompileFailure(RUNTIME_ID, runtimeErrors) });
    for (const provider of emitted) Object.assign(provider, { ok: false, error: new Error(`the shared runtime does not compile: ${runtime.error?.message}`) });
  }
  for (const provider of emitted) {
    const diagnostics = verdicts[provider.id] ?? [];
    if (diagnostics.length > 0) Object.assign(provider, { ok: false, error: new CompileFailure(provider.id, diagnostics) });
  }
  return performance.now() - started;
}

type ProviderOutcome = ProviderResult & { emitted?: Record<string, string>; bundled?: Record<string, unknown>; overlaid?: string[] };

async function generateProvider(repoRoot: string, id: string, context: EmitContext): Promise<ProviderOutcome> {
  const started = performance.now();
  const result: ProviderOutcome = { id, ok: false, operations: 0, findings: [], files: 0, ms: 0 };
  try {
    const loaded = loadProvider(repoRoot, id);
    trace(`${id}: loaded`);
    result.overlaid = loaded.overlaid;
    // Lint runs beside emit: the bundle is all emit needs, and the emit worker writes types and
    // client while this thread lints. A lint error still fails the provider before anything is
    // written, and is reported in preference to whatever a spec with lint errors broke downstream.
    const lintFirst = async (error: unknown): Promise<never> => {
      const findings = await lintProvider(repoRoot, loaded, context.cache);
      throwOnLintError(findings);
      throw error;
    };
    const bundled = await bundleProvider(repoRoot, loaded, context.cache).catch(lintFirst);
    trace(`${id}: bundled`);
    const manifestFile = `specs/${id}/provider.yaml`;
    let selected: ReturnType<typeof selectOperations>;
    let model: ApiModel;
    try {
      selected = selectOperations({
        document: bundled,
        selection: loaded.manifest.operations ?? "stop",
        stopOperationId: loaded.manifest.stopSession.operationId,
        manifestFile,
        specFile: loaded.specFile,
      });
      model = buildModel({
        manifest: loaded.manifest,
        document: selected.document,
        specFile: loaded.specFile,
        manifestFile,
        manifestLineOf: loaded.manifestLineOf,
        totalOperations: selected.totalOperations,
        overlaid: loaded.overlaid,
      });
    } catch (error) {
      return await lintFirst(error);
    }
    trace(`${id}: modelled`);
    const emitting = emitPackageBody(model, selected.document, context);
    // Settled here too, so a failed emit never surfaces as an unhandled rejection while lint runs.
    emitting.catch(() => undefined);
    const findings = await lintProvider(repoRoot, loaded, context.cache);
    result.findings = findings;
    trace(`${id}: linted`);
    throwOnLintError(findings);
    // The model's warnings join the lint findings: the summary prints them and the matrix counts them.
    const warnings = model.warnings.map(
      (warning): LintFinding => ({
        severity: "warn",
        ruleId: "super-linear-pattern",
        message: warning.message,
        file: loaded.specFile,
        pointer: warning.pointer,
      }),
    );
    result.findings = [...findings, ...warnings];
    const previous = readPreviousRelease(repoRoot, id);
    const body = await emitting.catch((error: unknown) => {
      // openapi-typescript and ts-morph know nothing of our files: say which spec they failed on.
      if (error instanceof SpecError || !(error instanceof Error)) throw error;
      throw new SpecError({ file: loaded.specFile }, `types or client could not be generated: ${error.message}`);
    });
    trace(`${id}: emitted`);
    // The version: the spec diff, raised by whatever else changed the published bytes.
    const specPlan = planRelease(previous, selected.document, `${model.info.title} ${model.info.version}`, body[BUNDLED_SPEC_FILE]);
    const draft = { ...body, ...versionedFiles(model, { ...specPlan, entry: undefined }, context) };
    const release = { ...withPackedChange(specPlan, packedChange(previous.published, draft)), publishedHash: publishedHash(draft) };
    result.release = release;
    trace(`${id}: release planned`);
    result.emitted = {
      ...body,
      ...versionedFiles(model, release, context),
      [DESCRIPTOR_FILE]: `${JSON.stringify(providerDescriptor(model, release.version), null, 2)}\n`,
    };
    result.bundled = selected.document;
    Object.assign(result, { ok: true, operations: model.operations.length, files: Object.keys(result.emitted).length, model });
  } catch (error) {
    result.error = error instanceof Error ? error : new Error(String(error));
    if (error instanceof LintFailure) result.findings = error.findings;
  }
  result.ms = performance.now() - started;
  return result;
}
