import { readFileSync } from "node:fs";
import path from "node:path";
import type HandlebarsModule from "handlebars";
import { requireCjs } from "../../startup/require-cjs.js";
import type { PackageView } from "./package-view.js";

const Handlebars = requireCjs("handlebars") as typeof HandlebarsModule;

/**
 * Helpers are the only way a value reaches a template unescaped, and each escapes for its target:
 * `json` for JSON and TypeScript literals, `md` for Markdown text (and HTML in it).
 */
const helpers = {
  json: (value: unknown) =>
    JSON.stringify(value)
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  md: (value: unknown) =>
    String(value)
      .replace(/[\r\n\u2028\u2029]+/g, " ")
      .replace(/[\\`*_[\]<>|&]/g, (c) => `\\${c}`),
};

/** The files rendered from templates/package, by output path inside the package. */
export const PACKAGE_TEMPLATES: Readonly<Record<string, string>> = {
  "package.json": "package.json.hbs",
  "tsconfig.json": "tsconfig.json.hbs",
  "README.md": "README.md.hbs",
  "CHANGELOG.md": "CHANGELOG.md.hbs",
  "src/index.ts": "index.ts.hbs",
};

type Compiled = (view: PackageView) => string;
const compiled = new Map<string, Compiled>();

/** Compiled strict, with known helpers only, so a typo in a template fails instead of rendering "". */
function compile(templatesDir: string, name: string): Compiled {
  const key = path.join(templatesDir, name);
  let template = compiled.get(key);
  if (!template) {
    const env = Handlebars.create();
    for (const [helper, fn] of Object.entries(helpers)) env.registerHelper(helper, fn);
    const source = readFileSync(key, "utf8");
    const render = env.compile<PackageView>(source, { strict: true, knownHelpersOnly: true, knownHelpers: { json: true, md: true }, noEscape: false });
    template = (view) => render(view);
    compiled.set(key, template);
  }
  return template;
}

export function renderPackageFiles(templatesDir: string, view: PackageView): Record<string, string> {
  return Object.fromEntries(Object.entries(PACKAGE_TEMPLATES).map(([output, template]) => [output, compile(templatesDir, template)(view)]));
}
