import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as TypeScript from "typescript";
import { RUNTIME_ID, RUNTIME_PACKAGE } from "../shared/runtime-package.js";
import { requireCjs } from "../startup/require-cjs.js";

/** One package's emitted files, by path inside generated/<id>/. */
export interface PackageSources {
  id: string;
  files: Record<string, string>;
}

export interface CompileDiagnostic {
  /** Repository-relative, e.g. `generated/acme/src/client.ts`. */
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

/** Bump when the gate's options change meaning, so no cached verdict outlives them. */
const GATE_VERSION = 2;

/**
 * The options every package is checked with: its own tsconfig (strict, NodeNext) without emit, and
 * without the machine's @types (a package must not lean on them).
 */
function gateOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noEmit: true,
    // What lets emit-dist.ts write each file's declarations on its own: checked here, before writing.
    declaration: true,
    isolatedDeclarations: true,
    skipLibCheck: true,
    verbatimModuleSyntax: true,
    types: [],
  };
}

/** A package's verdict key: its sources, the compiler and the gate's options. */
export function gateKey(sources: PackageSources, typescriptVersion: string): string {
  const hash = createHash("sha256").update(`${GATE_VERSION}\0${typescriptVersion}\0${sources.id}`);
  for (const file of Object.keys(sources.files).sort()) {
    if (file.endsWith(".ts") || file === "package.json") hash.update(`\0${file}\0${sources.files[file]}`);
  }
  return hash.digest("hex");
}

/**
 * The compile gate: type-checks freshly emitted packages, as their own tsconfig would, before
 * anything is written. All packages of a run share one program (the standard library is parsed
 * and bound once); the in-memory files shadow whatever generated/ holds on disk, and imports such
 * as openapi-fetch resolve from the repository's node_modules. Returns the errors per package id.
 */
export class CompileGate {
  private readonly ts = requireCjs("typescript") as typeof TypeScript;
  private previous: TypeScript.Program | undefined;

  /**
   * @param sharedFiles Library and node_modules declaration files, parsed once and kept by whoever
   *   owns the gate (one run, or one watch process); see {@link prewarmLibrary}.
   */
  constructor(
    private readonly repoRoot: string,
    private readonly sharedFiles: Map<string, TypeScript.SourceFile> = new Map(),
  ) {}

  get typescriptVersion(): string {
    return this.ts.version;
  }

  /**
   * @param packages What to check.
   * @param run Every package of the run, checked or not (a verdict may be cached): what the checked
   *   ones import by name resolves to these sources rather than to what generated/ holds on disk.
   */
  check(packages: readonly PackageSources[], run: readonly PackageSources[] = packages): Map<string, CompileDiagnostic[]> {
    const { ts } = this;
    const options = gateOptions(ts);
    const virtual = new Map<string, string>();
    const owner = new Map<string, string>();
    const roots: string[] = [];
    const checked = new Set(packages.map(({ id }) => id));
    const all = [...packages, ...run.filter(({ id }) => !checked.has(id))];
    for (const { id, files } of all) {
      for (const [file, content] of Object.entries(files)) {
        if (!file.endsWith(".ts") && file !== "package.json") continue;
        const absolute = path.join(this.repoRoot, "generated", id, file);
        virtual.set(absolute, content);
        if (!checked.has(id)) continue;
        owner.set(absolute, id);
        if (file.endsWith(".ts")) roots.push(absolute);
      }
    }
    const host = ts.createCompilerHost(options, true);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    // A package folder on disk that generate is replacing must not leak stale files into the check.
    const replaced = all.map(({ id }) => path.join(this.repoRoot, "generated", id) + path.sep);
    const hidden = (file: string) => !virtual.has(file) && replaced.some((dir) => file.startsWith(dir));
    host.fileExists = (file) => virtual.has(file) || (!hidden(file) && fileExists(file));
    const directoryExists = host.directoryExists?.bind(host);
    const virtualDirs = new Set([...virtual.keys()].flatMap((file) => ancestors(path.dirname(file))));
    host.directoryExists = (dir) => virtualDirs.has(dir) || (directoryExists ? directoryExists(dir) : true);
    host.readFile = (file) => virtual.get(file) ?? (hidden(file) ? undefined : readFile(file));
    host.getSourceFile = (file, languageVersion, onError) => {
      const text = virtual.get(file);
      if (text !== undefined) return ts.createSourceFile(file, text, languageVersion, true);
      if (hidden(file)) return undefined;
      let shared = this.sharedFiles.get(file);
      if (!shared) {
        shared = getSourceFile(file, languageVersion, onError);
        if (shared) this.sharedFiles.set(file, shared);
      }
      return shared;
    };
    // Scratch repositories (tests, --root) have no node_modules of their own: what a package imports
    // that its folder cannot resolve is resolved from the generator's own install.
    const runtimeIndex = path.join(this.repoRoot, "generated", RUNTIME_ID, "src", "index.ts");
    // The umbrella imports provider packages by name: each resolves to its sources, this run's or on disk.
    const packageIndex = packageIndexes(this.repoRoot, all);
    const fallbackFrom = path.join(path.dirname(fileURLToPath(import.meta.url)), "resolve-from-here.ts");
    host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
      literals.map((literal) => {
        const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
        // Provider packages are checked against the runtime emitted in the same run.
        if (literal.text === RUNTIME_PACKAGE && virtual.has(runtimeIndex)) {
          return { resolvedModule: { resolvedFileName: runtimeIndex, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
        }
        const sibling = packageIndex.get(literal.text);
        if (sibling && literal.text !== RUNTIME_PACKAGE) {
          return { resolvedModule: { resolvedFileName: sibling, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
        }
        const found = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirected, mode);
        if (found.resolvedModule || literal.text.startsWith(".")) return found;
        return ts.resolveModuleName(literal.text, fallbackFrom, compilerOptions, host, undefined, redirected, mode);
      });
    const program = ts.createProgram({ rootNames: roots, options, host, ...(this.previous ? { oldProgram: this.previous } : {}) });
    this.previous = program;
    const byPackage = new Map<string, CompileDiagnostic[]>(packages.map(({ id }) => [id, []]));
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const file = diagnostic.file?.fileName;
      const id = file === undefined ? undefined : owner.get(file);
      const position = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
      const found: CompileDiagnostic = {
        file: file === undefined ? "(global)" : path.relative(this.repoRoot, file).split(path.sep).join("/"),
        line: (position?.line ?? 0) + 1,
        column: (position?.character ?? 0) + 1,
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      };
      // A global error (a missing library) belongs to every package: none of them compiles.
      for (const target of id === undefined ? [...byPackage.keys()] : [id]) byPackage.get(target)?.push(found);
    }
    return byPackage;
  }
}

/**
 * Parses the standard library and openapi-fetch's declarations into `sharedFiles` ahead of the
 * first check: the emit worker does this while the main thread lints, so the gate's fixed cost
 * (about half of it on five small packages) is off the critical path.
 */
export function prewarmLibrary(sharedFiles: Map<string, TypeScript.SourceFile>): void {
  const ts = requireCjs("typescript") as typeof TypeScript;
  const options = gateOptions(ts);
  const host = ts.createCompilerHost(options, true);
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "prewarm.ts");
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (
    (exists) => (file: string) =>
      file === root || exists(file)
  )(host.fileExists.bind(host));
  host.getSourceFile = (file, version, onError) => {
    if (file === root) return ts.createSourceFile(file, 'import type { Client } from "openapi-fetch";\nexport type C = Client<{}>;\n', version, true);
    let shared = sharedFiles.get(file);
    if (!shared) {
      shared = getSourceFile(file, version, onError);
      if (shared) sharedFiles.set(file, shared);
    }
    return shared;
  };
  ts.createProgram({ rootNames: [root], options, host });
}

/** Package name → src/index.ts, for this run's packages and those on disk in generated/. */
function packageIndexes(repoRoot: string, packages: readonly PackageSources[]): Map<string, string> {
  const found = new Map<string, string>();
  const nameOf = (text: string | undefined) => {
    try {
      const name = (JSON.parse(text ?? "") as { name?: unknown }).name;
      return typeof name === "string" ? name : undefined;
    } catch {
      return undefined;
    }
  };
  for (const { id, files } of packages) {
    const name = nameOf(files["package.json"]);
    if (name) found.set(name, path.join(repoRoot, "generated", id, "src", "index.ts"));
  }
  const generated = path.join(repoRoot, "generated");
  for (const id of existsSync(generated) ? readdirSync(generated) : []) {
    const manifest = path.join(generated, id, "package.json");
    const name = existsSync(manifest) ? nameOf(readFileSync(manifest, "utf8")) : undefined;
    if (name && !found.has(name)) found.set(name, path.join(generated, id, "src", "index.ts"));
  }
  return found;
}

/** A folder and every folder above it. */
function ancestors(dir: string): string[] {
  const found: string[] = [];
  for (let at = dir; !found.includes(at); at = path.dirname(at)) found.push(at);
  return found;
}

/**
 * The gate with its verdicts remembered: a package whose sources, compiler and options are
 * unchanged since it last passed is not checked again, so a no-op or one-provider run does not pay
 * for all. Verdicts live in `cacheDir` (node_modules/.cache; deleting it is always safe).
 */
export class CachedCompileGate {
  private readonly gate: CompileGate;

  constructor(
    repoRoot: string,
    private readonly cacheDir: string | undefined,
    sharedFiles?: Map<string, TypeScript.SourceFile>,
  ) {
    this.gate = new CompileGate(repoRoot, sharedFiles);
  }

  check(packages: readonly PackageSources[]): Record<string, CompileDiagnostic[]> {
    // A provider's verdict also depends on the runtime it is checked against.
    const runtime = packages.find(({ id }) => id === RUNTIME_ID);
    const runtimeKey = runtime ? gateKey(runtime, this.gate.typescriptVersion) : "";
    const keys = new Map(
      packages.map((sources) => [
        sources.id,
        createHash("sha256")
          .update(`${gateKey(sources, this.gate.typescriptVersion)}\0${runtimeKey}`)
          .digest("hex"),
      ]),
    );
    const marker = (id: string) => (this.cacheDir ? path.join(this.cacheDir, "compile-gate", `${keys.get(id)}.pass`) : undefined);
    const stale = packages.filter(({ id }) => {
      const file = marker(id);
      return file === undefined || !existsSync(file);
    });
    // Providers are checked against the runtime: it joins the program whenever one of them does.
    if (runtime && stale.length > 0 && !stale.includes(runtime)) stale.unshift(runtime);
    const result: Record<string, CompileDiagnostic[]> = Object.fromEntries(packages.map(({ id }) => [id, []]));
    if (stale.length === 0) return result;
    for (const [id, diagnostics] of this.gate.check(stale, packages)) {
      result[id] = diagnostics;
      const file = marker(id);
      if (diagnostics.length === 0 && file) writeMarker(file);
    }
    return result;
  }
}

function writeMarker(file: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "");
  } catch {
    // a read-only cache only costs a re-check next time
  }
}
