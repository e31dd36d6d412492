import type * as TypeScript from "typescript";
import { requireCjs } from "../../startup/require-cjs.js";
import { BANNER_LINES } from "../shared/text.js";

/**
 * A package's `dist/`, from its `src/*.ts`: ES modules with declarations in `dist/`, CommonJS
 * with the same declarations in `dist/cjs/` (whose package.json says `commonjs`). Each file is
 * transpiled on its own (TypeScript's transpileModule and transpileDeclaration), which is fast and
 * deterministic; the compile gate checks the sources with `isolatedDeclarations`, which is what
 * makes per-file declarations exact. The generator writes dist/ itself, so `npm pack` and
 * `npm publish` need no build step and the tarball is exactly what was reviewed and committed.
 */
export function emitDist(sources: Readonly<Record<string, string>>): Record<string, string> {
  const ts = requireCjs("typescript") as typeof TypeScript;
  const base: TypeScript.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: false,
    isolatedModules: true,
    newLine: ts.NewLineKind.LineFeed,
    removeComments: false,
  };
  const out: Record<string, string> = { "dist/cjs/package.json": `${JSON.stringify({ "//": BANNER_LINES.join(" "), type: "commonjs" }, null, 2)}\n` };
  for (const file of Object.keys(sources).sort()) {
    const match = /^src\/(.+)\.ts$/.exec(file);
    if (!match?.[1]) continue;
    const source = sources[file] as string;
    const name = match[1];
    const declarationsOnly = typeDeclarationsOnly(source);
    // Types vanish from JavaScript: a stand-in with the module's leading comments and one type says what the whole module compiles to.
    const script = declarationsOnly === undefined ? source : `${source.slice(0, source.indexOf("export "))}export type StandIn = never;\n`;
    const esm = ts.transpileModule(script, { fileName: file, compilerOptions: { ...base, module: ts.ModuleKind.ES2022 } }).outputText;
    const cjs = ts.transpileModule(script, { fileName: file, compilerOptions: { ...base, module: ts.ModuleKind.CommonJS } }).outputText;
    if (declarationsOnly !== undefined) {
      out[`dist/${name}.js`] = withBanner(esm);
      out[`dist/${name}.d.ts`] = declarationsOnly;
      out[`dist/cjs/${name}.js`] = withBanner(cjs);
      out[`dist/cjs/${name}.d.ts`] = declarationsOnly;
      continue;
    }
    const declaration = ts.transpileDeclaration(source, {
      fileName: file,
      compilerOptions: { ...base, module: ts.ModuleKind.NodeNext, declaration: true, isolatedDeclarations: true },
      reportDiagnostics: true,
    });
    const problems = declaration.diagnostics ?? [];
    if (problems.length > 0) {
      const first = problems[0] as TypeScript.Diagnostic;
      throw new Error(
        `${file}: cannot write its declarations on its own (${ts.flattenDiagnosticMessageText(first.messageText, " ")}); the compile gate should have said so`,
      );
    }
    out[`dist/${name}.js`] = withBanner(esm);
    const declarations = withBanner(declaration.outputText.replace(/^#!.*\n/, ""));
    out[`dist/${name}.d.ts`] = declarations;
    out[`dist/cjs/${name}.js`] = withBanner(cjs);
    out[`dist/cjs/${name}.d.ts`] = declarations;
  }
  return out;
}

/** Top-level lines a module of type declarations alone is made of, as TypeScript's printer writes them. */
const DECLARATION_LINE = /^(?:export (?:interface|type) [$\w]+\b.*|\}|\};|\/\*\*.*| \*.*|)$/;

/**
 * The declarations of a module that declares types and nothing else (openapi-typescript's
 * schema.ts, printed by TypeScript's own printer), or undefined for any other module. Such a module
 * compiles to an empty one, and its declarations are its own text; transpiling a GitHub-sized
 * schema (6.5 MB) three times to learn that took 6.6 s of a 20 s run. A test holds the result
 * equal to what TypeScript writes for every generated schema.
 */
export function typeDeclarationsOnly(source: string): string | undefined {
  const banner = BANNER_LINES.map((line) => `// ${line}`).join("\n");
  const body = (source.startsWith(banner) ? source.slice(banner.length) : source).replace(/^\n+/, "");
  if (!body.startsWith("export ") || !body.endsWith("\n")) return undefined;
  let start = 0;
  while (start < body.length) {
    const end = body.indexOf("\n", start);
    // Indented lines are inside a declaration; only those at the margin say what the module holds.
    if (body.charCodeAt(start) !== 32 && !DECLARATION_LINE.test(body.slice(start, end))) return undefined;
    start = end + 1;
  }
  return withBanner(body);
}

/** Declaration emit drops a file's leading comments; every generated file starts with the banner. */
function withBanner(text: string): string {
  const banner = BANNER_LINES.map((line) => `// ${line}`).join("\n");
  if (text.startsWith(banner)) return text;
  // A shebang stays the first line of code; declarations have no use for one.
  if (text.startsWith("#!")) {
    const end = text.indexOf("\n") + 1;
    return text.slice(0, end) + withBanner(text.slice(end));
  }
  // CommonJS output opens with "use strict": the banner goes first all the same.
  return `${banner}\n${text}`;
}
