/**
 * The partners of the scale bench: what a user would otherwise run, in one process, over the same
 * specs, writing each schema's types; no type-checking, no clients. Run as a child of scale.ts, so
 * its peak RSS is its own. Modes:
 * - `lint`: Redocly lint and bundle (@redocly/openapi-core, the repository's rules), then openapi-typescript's API;
 * - `bundle`: the same without the lint;
 * - `types`: openapi-typescript's API alone, on each spec as parsed.
 * Usage: scale-partner.ts <repo-root> <lint|bundle|types> <spec-file>...
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundle, lint, loadConfig } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";

const [root = ".", mode = "lint", ...specs] = process.argv.slice(2);
const out = mkdtempSync(path.join(tmpdir(), "agentstop-partner-"));
try {
  const config = await loadConfig({ configPath: path.join(root, "redocly.yaml") });
  for (const [index, spec] of specs.entries()) {
    if (mode === "lint") await lint({ ref: spec, config });
    const document = mode === "types" ? JSON.parse(readFileSync(spec, "utf8")) : (await bundle({ ref: spec, config })).bundle.parsed;
    const nodes = await openapiTS(document as Parameters<typeof openapiTS>[0], { silent: true, alphabetize: true, rootTypes: false, exportType: false });
    writeFileSync(path.join(out, `${index}.d.ts`), astToString(nodes));
  }
  process.stdout.write(`${JSON.stringify({ specs: specs.length, bytes: specs.reduce((sum, spec) => sum + readFileSync(spec).length, 0) })}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
