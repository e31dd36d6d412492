import type * as OpenapiTypescript from "openapi-typescript";
import { requireCjs } from "../../startup/require-cjs.js";
import { holdsPlaceholder, withoutPrototypeKeys, withPrototypeKeys } from "./proto-keys.js";

// openapi-typescript's CommonJS build: its `require("typescript")` then finds the code-cached
// compiler (preloadTypeScript), where the ESM build's import would lex and compile all 9 MB again.
const { default: openapiTS, astToString } = requireCjs("openapi-typescript") as typeof OpenapiTypescript;

/**
 * schema.ts from the bundled document through openapi-typescript's JS API. It gets the document
 * as an object, never a Redocly config: it pins @redocly/openapi-core 1.x while we lint with 2.x.
 */
export async function emitSchemaTypes(bundled: Record<string, unknown>): Promise<string> {
  if (holdsPlaceholder(JSON.stringify(bundled))) throw new Error("the spec contains a name of the form __agentstop_…_key_7f3a__, which agentstop reserves");
  // A copy (openapi-typescript may annotate the object it is given), with prototype-named keys renamed.
  const nodes = await openapiTS(withoutPrototypeKeys(bundled) as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    alphabetize: true,
    rootTypes: false,
    exportType: false,
  });
  return withPrototypeKeys(astToString(nodes));
}
