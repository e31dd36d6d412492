import type * as OpenapiTypescript from "openapi-typescript";
import { requireCjs } from "../../startup/require-cjs.js";

// openapi-typescript's CommonJS build: its `require("typescript")` then finds the code-cached
// compiler (preloadTypeScript), where the ESM build's import would lex and compile all 9 MB again.
const { default: openapiTS, astToString } = requireCjs("openapi-typescript") as typeof OpenapiTypescript;

/**
 * schema.ts from the bundled document through openapi-typescript's JS API. It gets the document
 * as an object, never a Redocly config: it pins @redocly/openapi-core 1.x while we lint with 2.x.
 */
export async function emitSchemaTypes(bundled: Record<string, unknown>): Promise<string> {
  // openapi-typescript may annotate the object it is given; keep the caller's copy intact.
  const nodes = await openapiTS(structuredClone(bundled) as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    alphabetize: true,
    rootTypes: false,
    exportType: false,
  });
  return astToString(nodes);
}
