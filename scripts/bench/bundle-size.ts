/**
 * Bundle size, min+gz, as an app would ship it: esbuild bundles and minifies an entry that imports
 * the package (tree-shaken to what the entry uses), zlib gzips it at level 9.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Generated packages import each other by name: for a bundler, each name is its built dist/. */
export function generatedPackageAliases(root: string): Record<string, string> {
  const generated = path.join(root, "generated");
  return Object.fromEntries(
    readdirSync(generated, { withFileTypes: true })
      .filter((dir) => dir.isDirectory())
      .map((dir) => [dir.name === "agentstop" ? "agentstop" : `@agentstop/${dir.name}`, path.join(generated, dir.name, "dist/index.js")]),
  );
}

async function minGz(root: string, entry: string): Promise<number> {
  const alias = generatedPackageAliases(root);
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    alias,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
}

export async function benchBundleSize(root: string, providerId: string, factory: string): Promise<void> {
  const fetchOnly = await minGz(root, 'import createClient from "openapi-fetch"; export const c = createClient({ baseUrl: "x" });');
  const runtime = await minGz(
    root,
    'export * from "@agentstop/runtime"; import createClient from "openapi-fetch"; export const c = createClient({ baseUrl: "x" });',
  );
  const provider = await minGz(root, `export { ${factory} } from "@agentstop/${providerId}";`);
  const umbrella = await minGz(root, 'export { stop, stopMany } from "agentstop";');
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} kB`;
  process.stdout.write("\nbundle size, min+gz (esbuild --minify, gzip -9)\n");
  process.stdout.write(`  openapi-fetch alone                       ${kb(fetchOnly)}\n`);
  process.stdout.write(`  @agentstop/runtime (all of it) + openapi-fetch ${kb(runtime)}  (+${kb(runtime - fetchOnly)} over openapi-fetch; target ≤ 1 kB)\n`);
  process.stdout.write(`  ${providerId} client + runtime + openapi-fetch   ${kb(provider)}\n`);
  process.stdout.write(`  agentstop (stop, stopMany; every provider) ${kb(umbrella)}\n`);
}
