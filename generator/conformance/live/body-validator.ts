import type * as AjvModule from "ajv";
import type { ErrorObject } from "ajv";
import type { FormatsPlugin } from "ajv-formats";
import { toPointer } from "../../errors.js";
import { requireCjs } from "../../startup/require-cjs.js";

type AjvClass = typeof AjvModule.Ajv;

/** Checks a JSON body against the schema the bundled spec declares for one response. */
export type BodyValidator = (method: string, path: string, status: string, body: unknown) => BodyVerdict;

export type BodyVerdict = { kind: "valid" } | { kind: "no-schema" } | { kind: "invalid"; problems: string[]; fromSpecExample: boolean };

const SPEC_ID = "agentstop:bundled-spec";

/**
 * ajv over the whole bundled document, so `$ref`s into components resolve as they do for the
 * server. OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0's are draft-07 plus `nullable`, which
 * ajv understands. Formats come from ajv-formats; unknown keywords (`example`, `xml`) are ignored.
 */
export function createBodyValidator(bundled: Record<string, unknown>): BodyValidator {
  const is31 = String(bundled.openapi ?? "").startsWith("3.1");
  const Ajv = (is31 ? requireCjs("ajv/dist/2020").default : requireCjs("ajv").default) as AjvClass;
  const addFormats = (requireCjs("ajv-formats") as { default: FormatsPlugin }).default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: true });
  addFormats(ajv);
  ajv.addSchema(bundled, SPEC_ID);
  return (method, path, status, body) => {
    const pointer = toPointer(["paths", path, method, "responses", status, "content", "application/json", "schema"]);
    const media = jsonMedia(bundled, path, method, status);
    if (media?.schema === undefined) return { kind: "no-schema" };
    const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
    if (!validate) return { kind: "no-schema" };
    if (validate(body)) return { kind: "valid" };
    // Prism answers with the media type's own example when there is one: then a bad body is the spec's.
    const fromSpecExample = media.example !== undefined || media.examples !== undefined;
    return { kind: "invalid", problems: (validate.errors ?? []).map(describe), fromSpecExample };
  };
}

interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: unknown;
}

/** The response's JSON media type, read from the bundled document the mock server serves. */
function jsonMedia(bundled: Record<string, unknown>, path: string, method: string, status: string): MediaType | undefined {
  type Paths = Record<string, Record<string, { responses?: Record<string, { content?: Record<string, MediaType> }> }>>;
  return (bundled.paths as Paths | undefined)?.[path]?.[method]?.responses?.[status]?.content?.["application/json"];
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message ?? error.keyword}`;
}
