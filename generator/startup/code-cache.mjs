// A V8 code cache for the two 9 MB TypeScript compilers a run loads (ts-morph's copy and the one
// openapi-typescript requires). Node 20 has no module.enableCompileCache (22.1+), and compiling
// typescript.js costs about 0.3 s per thread; with V8's cached data it costs a tenth of that.
// Plain JavaScript on purpose: bin.mjs uses it before the generator is compiled.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import vm from "node:vm";

const require = createRequire(import.meta.url);

/** node_modules/.cache/agentstop: next to the packages whose code it caches, ignored by git. */
export const CACHE_DIR = path.join(path.dirname(path.dirname(require.resolve("typescript/package.json"))), ".cache", "agentstop");

/**
 * Loads a CommonJS file as `require` would, compiling it with V8 cached data when a valid cache
 * exists and writing one when not. The module is put in require.cache, so a later `require` of the
 * same file (ts-morph requiring its TypeScript) gets it without compiling again.
 */
export function requireWithCodeCache(filename) {
  const cached = require.cache[filename];
  if (cached) return cached.exports;
  const source = readFileSync(filename, "utf8");
  const { size, mtimeMs } = statSync(filename);
  const key = createHash("sha256").update(`${filename}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`).digest("hex").slice(0, 24);
  const cacheFile = path.join(CACHE_DIR, "v8", `${key}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) writeAtomically(cacheFile, script.createCachedData());

  const module = new Module(filename, undefined);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  require.cache[filename] = module;
  try {
    script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/** A cache is an optimisation: failing to write one must never fail a run. */
function writeAtomically(file, data) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // read-only node_modules, full disk: run without a cache
  }
}

/** The TypeScript that openapi-typescript's CommonJS build requires, code-cached. */
export function preloadTypeScript() {
  requireWithCodeCache(require.resolve("typescript"));
}

/**
 * ts-morph requires a private copy of TypeScript (@ts-morph/common/dist/typescript.js); loading it
 * here first puts the code-cached module where that require finds it. If a ts-morph release moves
 * the file, this does nothing and ts-morph loads TypeScript itself.
 */
export function preloadTsMorphTypeScript() {
  try {
    const common = require.resolve("@ts-morph/common", { paths: [path.dirname(require.resolve("ts-morph"))] });
    requireWithCodeCache(path.join(path.dirname(common), "typescript.js"));
  } catch {
    // not where we expected: no preload
  }
}
