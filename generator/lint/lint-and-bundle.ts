import path from "node:path";
import { bundleDocument, type Document, detectSpec, getTypes, lintDocument, type NormalizedProblem, Source } from "@redocly/openapi-core";
import { SpecError } from "../errors.js";
import type { LoadedProvider } from "../load/load-provider.js";
import { positionIn } from "../load/safe-yaml.js";
import type { RunCache } from "../shared/run-cache.js";
import { danglingLocalRef } from "./local-refs.js";
import { configFor, loadRedoclyConfig } from "./redocly-config.js";
import { SandboxedResolver } from "./sandboxed-resolver.js";

export interface LintFinding {
  severity: "error" | "warn";
  ruleId: string;
  message: string;
  file: string;
  pointer: string;
  line?: number;
  /** 1-based column, for JSON specs (a minified one is all on line 1). */
  column?: number;
}

/** Lint errors stop generation; the findings travel with the error so the summary can count them. */
export class LintFailure extends SpecError {
  readonly findings: LintFinding[];

  constructor(first: LintFinding, findings: LintFinding[]) {
    const count = findings.filter((f) => f.severity === "error").length;
    super(first, `lint error [${first.ruleId}] ${first.message}${count > 1 ? ` (and ${count - 1} more lint errors)` : ""}`);
    this.name = "LintFailure";
    this.findings = findings;
  }
}

export interface LintedProvider {
  findings: LintFinding[];
  /** The bundled document: one object, local $refs only, components sorted. */
  bundled: Record<string, unknown>;
}

/** Lints and bundles one provider in-process. Lint errors stop generation; warnings are reported. */
export async function lintAndBundle(repoRoot: string, loaded: LoadedProvider, cache?: RunCache): Promise<LintedProvider> {
  const findings = await lintProvider(repoRoot, loaded, cache);
  throwOnLintError(findings);
  return { findings, bundled: await bundleProvider(repoRoot, loaded, cache) };
}

/** A LintFailure for the first lint error, if there is one: it stops the provider. */
export function throwOnLintError(findings: LintFinding[]): void {
  const firstError = findings.find((finding) => finding.severity === "error");
  if (firstError) throw new LintFailure(firstError, findings);
}

/** Redocly's findings for one provider, sorted by place; never throws for a finding. */
export async function lintProvider(repoRoot: string, loaded: LoadedProvider, cache?: RunCache): Promise<LintFinding[]> {
  const config = configFor(await loadRedoclyConfig(repoRoot, cache?.redoclyConfig), loaded.id);
  const problems = await lintDocument({ document: documentOf(loaded), config, externalRefResolver: new SandboxedResolver(loaded.files) });
  return problems.map((problem) => toFinding(problem, loaded, repoRoot)).sort(byPlace);
}

/**
 * The bundled document: what emit needs, so the pipeline can emit while the lint runs beside it
 * (the lint still decides whether the provider is written).
 */
export async function bundleProvider(repoRoot: string, loaded: LoadedProvider, cache?: RunCache): Promise<Record<string, unknown>> {
  const config = configFor(await loadRedoclyConfig(repoRoot, cache?.redoclyConfig), loaded.id);
  const types = getTypes(detectSpec(loaded.document));
  const { bundle, problems: bundleProblems } = await bundleDocument({
    document: structuredCloneDocument(documentOf(loaded)),
    config,
    types,
    externalRefResolver: new SandboxedResolver(loaded.files),
    removeUnusedComponents: false,
  });
  const bundleError = bundleProblems.find((problem) => problem.severity === "error");
  if (bundleError) {
    const finding = toFinding(bundleError, loaded, repoRoot);
    throw new SpecError(finding, `bundle error: ${finding.message}`);
  }
  const dangling = danglingLocalRef(bundle.parsed);
  if (dangling) {
    const file = loaded.files.get(loaded.rootPath);
    const place = { file: path.relative(repoRoot, loaded.rootPath), pointer: dangling.pointer, ...(file && positionIn(file.parsed, dangling.pointer)) };
    throw new SpecError(place, `$ref ${JSON.stringify(dangling.ref)} names nothing in the spec`);
  }
  return bundle.parsed as Record<string, unknown>;
}

function documentOf(loaded: LoadedProvider): Document {
  const root = loaded.files.get(loaded.rootPath);
  if (!root) throw new Error("root file missing from the loaded files");
  return { source: new Source(loaded.rootPath, root.text), parsed: loaded.document };
}

function structuredCloneDocument(document: Document): Document {
  // bundleDocument rewrites the tree in place; lint and model must see the original.
  return { source: document.source, parsed: structuredClone(document.parsed) };
}

function toFinding(problem: NormalizedProblem, loaded: LoadedProvider, repoRoot: string): LintFinding {
  const where = problem.location[0];
  const absolute = where?.source.absoluteRef ?? loaded.rootPath;
  const pointer = where?.pointer ?? "#/";
  const file = loaded.files.get(absolute);
  return {
    severity: problem.severity === "error" ? "error" : "warn",
    ruleId: problem.ruleId,
    message: problem.message,
    file: path.relative(repoRoot, absolute),
    pointer,
    ...(file && positionIn(file.parsed, pointer)),
  };
}

function byPlace(a: LintFinding, b: LintFinding): number {
  return (
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.pointer.localeCompare(b.pointer)
  );
}
