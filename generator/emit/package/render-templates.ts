import path from "node:path";
import type { RunCache } from "../../shared/run-cache.js";
import { compileTemplate } from "../shared/handlebars.js";
import type { PackageView } from "./package-view.js";

/** The files rendered from templates/package, by output path inside the package. */
export const PACKAGE_TEMPLATES: Readonly<Record<string, string>> = {
  "package.json": "package.json.hbs",
  "tsconfig.json": "tsconfig.json.hbs",
  "README.md": "README.md.hbs",
  "CHANGELOG.md": "CHANGELOG.md.hbs",
  "src/index.ts": "index.ts.hbs",
};

/** The files that carry the version; rendered again once the release is planned. */
export const VERSIONED_FILES: readonly string[] = ["package.json", "CHANGELOG.md"];

/** The package's templated files, or only those named in `only`. */
export function renderPackageFiles(templatesDir: string, view: PackageView, cache?: RunCache, only?: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(PACKAGE_TEMPLATES)
      .filter(([output]) => !only || only.includes(output))
      .map(([output, template]) => [output, compileTemplate<PackageView>(path.join(templatesDir, template), cache?.templates)(view)]),
  );
}
