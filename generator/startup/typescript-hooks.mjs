// Module hooks for the openapi-typescript worker. openapi-typescript is ESM and does
// `import ts from "typescript"`; importing a CommonJS file from ESM makes Node 20 scan all 9 MB of
// it for export names (cjs-module-lexer, about 0.4 s) and compile it without a code cache. Only the
// default export is used, so we hand it a one-line ES module that loads TypeScript through
// requireWithCodeCache instead.
import { fileURLToPath } from "node:url";

const codeCache = new URL("./code-cache.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (specifier !== "typescript" || !context.parentURL?.includes("/node_modules/openapi-typescript/")) return resolved;
  const filename = fileURLToPath(resolved.url);
  const source = `import { requireWithCodeCache } from ${JSON.stringify(codeCache)};\nexport default requireWithCodeCache(${JSON.stringify(filename)});\n`;
  return { url: `data:text/javascript,${encodeURIComponent(source)}`, format: "module", shortCircuit: true };
}
