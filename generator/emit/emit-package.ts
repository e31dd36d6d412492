import path from "node:path";
import type { ApiModel } from "../model/types.js";
import { assembleClient } from "./client/assemble-client.js";
import { buildPackageView, type PackageInputs } from "./package/package-view.js";
import { renderPackageFiles } from "./package/render-templates.js";
import { BANNER_LINES } from "./shared/text.js";

export interface EmitContext extends PackageInputs {
  templatesDir: string;
  /** templates/runtime.ts, read once per run and copied into every package. */
  runtimeSource: string;
  /** Turns a bundled document into schema.ts text (openapi-typescript, usually on its own thread). */
  schemaTypes: (bundled: Record<string, unknown>) => Promise<string>;
}

/** All files of one provider's package, by path inside generated/<id>/. */
export async function emitPackage(model: ApiModel, bundled: Record<string, unknown>, context: EmitContext): Promise<Record<string, string>> {
  const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n`;
  const schema = context.schemaTypes(bundled);
  const client = assembleClient(model);
  return {
    ...renderPackageFiles(path.join(context.templatesDir, "package"), buildPackageView(model, context)),
    "src/schema.ts": banner + (await schema),
    "src/runtime.ts": banner + context.runtimeSource,
    "src/client.ts": client,
  };
}
