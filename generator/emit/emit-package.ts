import path from "node:path";
import type { ApiModel } from "../model/types.js";
import type { ReleasePlan } from "../release/plan-release.js";
import { BUNDLED_SPEC_FILE } from "../release/previous-release.js";
import type { RunCache } from "../shared/run-cache.js";
import { trace } from "../shared/trace.js";
import { buildPackageView, type PackageInputs } from "./package/package-view.js";
import { PACKAGE_TEMPLATES, renderPackageFiles, VERSIONED_FILES } from "./package/render-templates.js";
import { versionModuleFiles } from "./package/version-module.js";
import { BANNER_LINES } from "./shared/text.js";
import type { HeavyEmitters } from "./thread/in-process.js";

export interface EmitContext extends PackageInputs {
  templatesDir: string;
  /** schema.ts (openapi-typescript), client.ts (ts-morph) and dist/ (TypeScript); under the CLI, on a worker thread. */
  emitters: Pick<HeavyEmitters, "schemaTypes" | "client" | "dist">;
  /** The run's caches (compiled templates). */
  cache?: RunCache;
}

/** A package's files before its version is decided: everything but the version-bearing ones. */
export type PackageBody = Record<string, string>;

/**
 * All files of one provider's package but package.json and CHANGELOG.md, by path inside
 * generated/<id>/. The version is decided from these (the spec diff and the published bytes), then
 * {@link versionedFiles} adds the two files that carry it.
 */
export async function emitPackageBody(model: ApiModel, bundled: Record<string, unknown>, context: EmitContext): Promise<PackageBody> {
  const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n`;
  const [schema, client] = await Promise.all([context.emitters.schemaTypes(bundled), context.emitters.client(model)]);
  trace(`${model.provider.id}: schema.ts and client.ts emitted`);
  const unversioned = Object.keys(PACKAGE_TEMPLATES).filter((file) => !VERSIONED_FILES.includes(file));
  const rendered = renderPackageFiles(path.join(context.templatesDir, "package"), buildPackageView(model, context, undefined), context.cache, unversioned);
  const sources = { "src/schema.ts": banner + schema, "src/client.ts": client, "src/index.ts": rendered["src/index.ts"] as string };
  return {
    ...rendered,
    // The bundled spec this package was generated from: the next run's baseline for the spec diff.
    [BUNDLED_SPEC_FILE]: `${JSON.stringify(bundled, null, 2)}\n`,
    ...sources,
    ...(await context.emitters.dist(sources)),
  };
}

/** package.json, CHANGELOG.md and the version module for the planned release. */
export function versionedFiles(model: ApiModel, release: ReleasePlan, context: EmitContext): Record<string, string> {
  return {
    ...renderPackageFiles(path.join(context.templatesDir, "package"), buildPackageView(model, context, release), context.cache, VERSIONED_FILES),
    ...versionModuleFiles(model.provider.packageName, release.version),
  };
}
