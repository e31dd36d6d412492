import { readFileSync } from "node:fs";
import type HandlebarsModule from "handlebars";
import { markdownCode, markdownText } from "../../shared/markdown.js";
import { requireCjs } from "../../startup/require-cjs.js";

/**
 * Helpers are the only way a value reaches a template unescaped, and each escapes for its target:
 * `json` for JSON and TypeScript literals, `md` for Markdown text (and HTML in it). Everything
 * else goes through Handlebars' HTML escaping.
 */
const helpers = {
  json: (value: unknown) =>
    JSON.stringify(value)
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  md: (value: unknown) => markdownText(String(value)),
  code: (value: unknown) => markdownCode(String(value)),
  cellCode: (value: unknown) => markdownCode(String(value), true),
};

/**
 * A template compiled strict, with known helpers only, so a typo fails instead of rendering "".
 * `compiled` is the run's cache (see shared/run-cache.ts); without one the template is read afresh.
 */
export function compileTemplate<View>(file: string, compiled: Map<string, (view: unknown) => string> = new Map()): (view: View) => string {
  let template = compiled.get(file);
  if (!template) {
    // Required on first use, not at import: loading Handlebars then overlaps the emit worker
    // instead of delaying the first lint.
    const env = (requireCjs("handlebars") as typeof HandlebarsModule).create();
    for (const [helper, fn] of Object.entries(helpers)) env.registerHelper(helper, fn);
    const render = env.compile(readFileSync(file, "utf8"), {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: { json: true, md: true, code: true, cellCode: true },
      noEscape: false,
    });
    template = (view) => render(view);
    compiled.set(file, template);
  }
  return template as (view: View) => string;
}
