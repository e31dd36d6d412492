import path from "node:path";
import type { ApiModel } from "../model/types.js";
import type { ReleasePlan } from "../release/plan-release.js";
import { BUNDLED_SPEC_FILE } from "../release/previous-release.js";
import { buildPackageView, type PackageInputs } from "./package/package-view.js";
import { renderPackageFiles } from "./package/render-templates.js";
import { BANNER_LINES } from "./shared/text.js";
import type { HeavyEmitters } from "./thread/in-process.js";

export interface EmitContext extends PackageInputs {
  templatesDir: string;
  /** templates/runtime.ts, read once per run and copied into every package. */
  runtimeSource: string;
  /** schema.ts (openapi-typescript) and client.ts (ts-morph); under the CLI, on a worker thread. */
  emitters: Pick<HeavyEmitters, "schemaTypes" | "client">;
}

/** All files of one provider's package, by path inside generated/<id>/. */
export async function emitPackage(
  model: ApiModel,
  bundled: Record<string, unknown>,
  release: ReleasePlan,
  context: EmitContext,
): Promise<Record<string, string>> {
  const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n`;
  const [schema, client] = await Promise.all([context.emitters.schemaTypes(bundled), context.emitters.client(model)]);
  return {
    ...renderPackageFiles(path.join(context.templatesDir, "package"), buildPackageView(model, context, release)),
    // The bundled spec this package was generated from: the next run's baseline for the spec diff.
    [BUNDLED_SPEC_FILE]: `${JSON.stringify(bundled, null, 2)}\n`,
    "src/schema.ts": banner + schema,
    "src/runtime.ts": banner + context.runtimeSource,
    "src/client.ts": client,
  };
}
