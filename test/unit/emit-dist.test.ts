import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as TypeScript from "typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitDist, typeDeclarationsOnly } from "../../generator/emit/dist/emit-dist.js";
import { BANNER_LINES } from "../../generator/emit/shared/text.js";
import { emitSchemaTypes } from "../../generator/emit/types/emit-schema-types.js";
import { repoRoot } from "../helpers/repo.js";

const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;
const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n`;
const withBanner = (text: string) => (text.startsWith(banner.trimEnd()) ? text : `${banner.trimEnd()}\n${text}`);

/** What TypeScript itself writes for a schema module: the slow path the shortcut stands in for. */
function typescriptDist(source: string): Record<string, string> {
  const base = { target: ts.ScriptTarget.ES2022, isolatedModules: true, newLine: ts.NewLineKind.LineFeed, removeComments: false };
  const transpile = (module: TypeScript.ModuleKind) =>
    withBanner(ts.transpileModule(source, { fileName: "src/schema.ts", compilerOptions: { ...base, module } }).outputText);
  const declarations = withBanner(
    ts.transpileDeclaration(source, {
      fileName: "src/schema.ts",
      compilerOptions: { ...base, module: ts.ModuleKind.NodeNext, declaration: true, isolatedDeclarations: true },
    }).outputText,
  );
  return {
    "dist/schema.js": transpile(ts.ModuleKind.ES2022),
    "dist/schema.d.ts": declarations,
    "dist/cjs/schema.js": transpile(ts.ModuleKind.CommonJS),
    "dist/cjs/schema.d.ts": declarations,
  };
}

const generatedSchemas = readdirSync(path.join(repoRoot, "generated"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(repoRoot, "generated", entry.name, "src/schema.ts"))
  .filter((file) => {
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  });
const diffFixtures = readdirSync(path.join(repoRoot, "test/fixtures/diff")).filter((file) => file.endsWith(".yaml"));

describe("dist/ of a module of type declarations alone (openapi-typescript's schema.ts)", () => {
  it.each(generatedSchemas.map((file) => path.relative(repoRoot, file)))("%s: the same bytes TypeScript writes", (file) => {
    const source = readFileSync(path.join(repoRoot, file), "utf8");
    expect(typeDeclarationsOnly(source)).toBeDefined();
    const dist = emitDist({ "src/schema.ts": source });
    expect(Object.fromEntries(Object.entries(dist).filter(([name]) => name.includes("schema")))).toEqual(typescriptDist(source));
  });

  it("holds for the schemas of every spec of the diff corpus (odd shapes, comments, 3.0 to 3.2)", async () => {
    let compared = 0;
    for (const fixture of diffFixtures) {
      const documents = parse(readFileSync(path.join(repoRoot, "test/fixtures/diff", fixture), "utf8")) as Record<string, unknown>;
      for (const side of ["before", "after"]) {
        const document = documents[side] as Record<string, unknown> | undefined;
        if (!document || typeof document !== "object") continue;
        const source = banner + (await emitSchemaTypes(document));
        const dist = emitDist({ "src/schema.ts": source });
        expect(dist, `${fixture} (${side})`).toMatchObject(typescriptDist(source));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("is not taken for a module with values, imports, enums or statements", () => {
    for (const source of [
      `${banner}export interface A {\n    a: string;\n}\nexport const b = 1;\n`,
      `${banner}import type { X } from "./x.js";\nexport type A = X;\n`,
      `${banner}export enum E {\n    A = 0\n}\n`,
      `${banner}export interface A {\n    a: string;\n}\nconsole.log(1);\n`,
      `${banner}export declare function f(): void;\n`,
    ]) {
      expect(typeDeclarationsOnly(source), source).toBeUndefined();
      // And then TypeScript writes it, values and all.
      expect(emitDist({ "src/schema.ts": source }), source).toMatchObject(typescriptDist(source));
    }
  });
});
