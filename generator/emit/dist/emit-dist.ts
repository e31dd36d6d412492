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
    const esm = ts.transpileModule(source, { fileName: file, compilerOptions: { ...base, module: ts.ModuleKind.ES2022 } }).outputText;
    const cjs = ts.transpileModule(source, { fileName: file, compilerOptions: { ...base, module: ts.ModuleKind.CommonJS } }).outputText;
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
