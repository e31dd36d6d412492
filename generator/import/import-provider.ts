import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SpecError } from "../errors.js";
import { parseYamlSafe } from "../load/safe-yaml.js";
import { isObject } from "../model/deref.js";
import { checkProposal } from "./check-proposal.js";
import { findOpenApiBlock } from "./openapi-block.js";
import { emptyOverlay, type ManifestProposal, proposeManifest } from "./propose-manifest.js";
import { PageFormatError, referencePageToOpenApi } from "./reference-table.js";
import { toYaml } from "./yaml-text.js";

export type SourceFormat = "markdown-openapi-block" | "markdown-reference-table" | "openapi";

export interface ImportRequest {
  repoRoot: string;
  id: string;
  /** The page or document as fetched. */
  source: string;
  /** Where it came from: a URL, or a path as the user typed it. A URL is recorded in a new provider.yaml. */
  origin: string;
  /** The upstream URL to record in a new provider.yaml instead of `origin` (a file imported from a known page). */
  upstreamUrl?: string;
  /** Known for an existing provider (from provider.yaml); detected otherwise. */
  format?: SourceFormat;
}

export interface ImportResult {
  format: SourceFormat;
  /** Repository-relative path → content. Overlays are never among them. */
  files: Record<string, string>;
  /** Files the import replaces and so removes: the other spec file (openapi.yaml when it wrote openapi.json). */
  replaced: string[];
  /** Set when a provider.yaml was proposed for a new provider. */
  guesses?: string[];
  proposal?: ManifestProposal;
}

/**
 * A provider page or document → the files of its spec folder. Pure apart from reading the
 * existing provider.yaml: nothing is written here, so a failure leaves the folder as it was.
 */
export function importProvider(request: ImportRequest): ImportResult {
  const { repoRoot, id, source, origin } = request;
  const badId = checkProviderId(repoRoot, id);
  if (badId) throw new Error(badId);
  const dir = `specs/${id}`;
  const format = request.format ?? detectFormat(source, origin);
  // A JSON document is kept as openapi.json, so it is parsed as JSON (a megabyte-sized spec in seconds
  // less) and stays byte for byte what upstream published; everything else is openapi.yaml.
  const isJson = format === "openapi" && /^\uFEFF?\s*\{/.test(source);
  const specFile = `${dir}/${isJson ? "openapi.json" : "openapi.yaml"}`;
  const manifestPath = path.join(repoRoot, dir, "provider.yaml");
  const existing = existsSync(manifestPath) ? parseYamlSafe(readFileSync(manifestPath, "utf8"), `${dir}/provider.yaml`).value : undefined;
  const displayName = isObject(existing) && typeof existing.displayName === "string" ? existing.displayName : undefined;

  const files: Record<string, string> = {};
  if (format === "markdown-openapi-block") {
    const block = findOpenApiBlock(source);
    if (!block) throw new SpecError({ file: origin }, "no fenced OpenAPI block (```yaml or ```json starting with `openapi:`) in the page");
    files[specFile] = block.text;
  } else if (format === "markdown-reference-table") {
    let document: Record<string, unknown>;
    try {
      document = referencePageToOpenApi(source, displayName ?? id);
    } catch (error) {
      if (error instanceof PageFormatError) throw new SpecError({ file: origin, line: error.line }, error.message);
      throw error;
    }
    files[specFile] = `${GENERATED_FROM_TABLE}${toYaml(document)}`;
  } else {
    files[specFile] = source;
  }
  if (format !== "openapi") files[`${dir}/upstream.md`] = source;

  // The result must parse as an OpenAPI document before anything is written.
  const parsed = parseYamlSafe(files[specFile] ?? "", specFile).value;
  if (!isObject(parsed) || typeof parsed.openapi !== "string" || !isObject(parsed.paths)) {
    throw new SpecError({ file: specFile }, "the imported text is not an OpenAPI document (no `openapi` version or no `paths`)");
  }

  const other = `${dir}/${isJson ? "openapi.yaml" : "openapi.json"}`;
  const result: ImportResult = { format, files, replaced: existsSync(path.join(repoRoot, other)) ? [other] : [] };
  if (!existing) {
    const url = request.upstreamUrl ?? (/^https?:\/\//i.test(origin) ? origin : undefined);
    const proposal = proposeManifest(parsed, id, url ? { url, format } : { format });
    // Never write a manifest that fails the schema or says more than was proposed.
    const problems = checkProposal(proposal.text, proposal.manifest, path.join(repoRoot, "specs", "provider.schema.json"));
    if (problems.length > 0) throw new Error(`the proposed provider.yaml is not valid (a bug in agentstop import): ${problems.join("; ")}`);
    files[`${dir}/provider.yaml`] = proposal.text;
    if (!existsSync(path.join(repoRoot, dir, "overlay.yaml"))) files[`${dir}/overlay.yaml`] = proposal.overlay ?? emptyOverlay(id);
    result.guesses = proposal.guesses;
    result.proposal = proposal;
  }
  return result;
}

const GENERATED_FROM_TABLE = `# Imported by agentstop from the table-style reference page in upstream.md (the provider
# publishes no OpenAPI document for it). Fixes belong in overlay.yaml, so a re-import keeps them.
`;

/** What is wrong with a provider id, by the id rule of specs/provider.schema.json (the one place it is written down). */
export function checkProviderId(repoRoot: string, id: string): string | undefined {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, "specs", "provider.schema.json"), "utf8")) as { properties: { id: { pattern: string } } };
  return new RegExp(schema.properties.id.pattern).test(id)
    ? undefined
    : `provider id ${JSON.stringify(id)}: use lower-case letters, digits and hyphens, starting with a letter`;
}

/** What a source is, from its text (and, for a bare document, its name). */
export function detectFormat(source: string, origin: string): SourceFormat {
  const head = source
    .replace(/^\uFEFF/, "")
    .replace(/^(\s*#[^\n]*\n)*/, "")
    .trimStart();
  if (/^(openapi\s*:|\{\s*"openapi"\s*:)/.test(head) || /\.(ya?ml|json)$/i.test(origin.split("?")[0] ?? "")) return "openapi";
  if (findOpenApiBlock(source)) return "markdown-openapi-block";
  if (/`(GET|PUT|POST|DELETE|PATCH) \/[^`]*`/.test(source) && /^## Responses\s*$/m.test(source)) return "markdown-reference-table";
  throw new SpecError({ file: origin }, "not an OpenAPI document, a page with an OpenAPI block, or a table-style reference page");
}
