#!/usr/bin/env node
// Entry point of `npm run generate`. The generator is TypeScript; running it through tsx's module
// hooks costs more than a second on Node 20 (every import, node_modules included, takes a round
// trip to the hooks thread). So this launcher transpiles generator/ once with esbuild into
// node_modules/.cache/agentstop/generator-<hash of the sources>/ and runs plain JavaScript from
// there. Any edit to generator/ changes the hash, so a stale copy is never run.
//
// @redocly/openapi-core is some 250 ES modules; Node 20 takes about 0.6 s to load them, on the
// main thread's critical path. The compiled generator imports one esbuild bundle of it instead
// (about 0.25 s), built once per Redocly version into the same cache folder.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CACHE_DIR } from "./startup/code-cache.mjs";

const generatorDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(generatorDir);

const compiled = await compiledGenerator();
const { runCli } = await import(pathToFileURL(path.join(compiled, "cli.js")).href);
process.exitCode = await runCli(process.argv.slice(2), repoRoot, { generatorHash: path.basename(compiled) });

/** The folder holding the transpiled generator for the sources as they are now. */
async function compiledGenerator() {
  const sources = readdirSync(generatorDir, { recursive: true })
    .map((entry) => entry.split(path.sep).join("/"))
    .filter((file) => /\.(ts|mjs)$/.test(file) && !file.endsWith(".d.ts") && !file.endsWith(".d.mts"))
    .sort();
  const redocly = await redoclyBundle();
  const hash = createHash("sha256").update(redocly).update("\0");
  for (const file of sources)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(generatorDir, file)))
      .update("\0");
  const outDir = path.join(CACHE_DIR, `generator-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(path.join(outDir, "cli.js"))) return outDir;

  const { build } = await import("esbuild");
  const staging = `${outDir}.${process.pid}.tmp`;
  await build({
    entryPoints: sources.filter((file) => file.endsWith(".ts")).map((file) => path.join(generatorDir, file)),
    outbase: generatorDir,
    outdir: staging,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
  });
  for (const file of sources.filter((file) => file.endsWith(".mjs"))) cpSync(path.join(generatorDir, file), path.join(staging, file));
  for (const file of sources.filter((file) => file.endsWith(".ts"))) {
    const out = path.join(staging, file.replace(/\.ts$/, ".js"));
    const code = readFileSync(out, "utf8");
    if (code.includes('"@redocly/openapi-core"')) writeFileSync(out, code.replaceAll('"@redocly/openapi-core"', JSON.stringify(pathToFileURL(redocly).href)));
  }
  mkdirSync(path.dirname(outDir), { recursive: true });
  try {
    renameSync(staging, outDir);
  } catch {
    // another run compiled the same sources first: use theirs
    rmSync(staging, { recursive: true, force: true });
  }
  pruneOtherBuilds(outDir);
  return outDir;
}

/** One ESM file holding @redocly/openapi-core and its dependencies, for the installed version. */
async function redoclyBundle() {
  const require = createRequire(import.meta.url);
  // The package does not export ./package.json; its main entry is lib/index.js.
  const entry = require.resolve("@redocly/openapi-core");
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8"));
  const file = path.join(CACHE_DIR, `redocly-openapi-core-${version}.mjs`);
  if (existsSync(file)) return file;
  const { build } = await import("esbuild");
  const staging = `${file}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile: staging,
    logLevel: "error",
    // CommonJS dependencies inside the bundle call require(); give them one.
    banner: { js: 'import { createRequire as __agentstopRequire } from "node:module"; const require = __agentstopRequire(import.meta.url);' },
  });
  mkdirSync(CACHE_DIR, { recursive: true });
  renameSync(staging, file);
  // Bundles of other Redocly versions are dead weight once a new one is installed.
  for (const entry of readdirSync(CACHE_DIR)) {
    if (entry.startsWith("redocly-openapi-core-") && path.join(CACHE_DIR, entry) !== file) rmSync(path.join(CACHE_DIR, entry), { force: true });
  }
  return file;
}

/** Old builds are dead weight once the sources changed; an hour's grace for runs still using one. */
function pruneOtherBuilds(keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of readdirSync(CACHE_DIR)) {
    const full = path.join(CACHE_DIR, entry);
    if (entry.startsWith("generator-") && full !== keep && statSync(full).mtimeMs < hourAgo) rmSync(full, { recursive: true, force: true });
  }
}
