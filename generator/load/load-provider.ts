import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SpecError } from "../errors.js";
import { type ProviderManifest, validateManifest } from "./manifest.js";
import { applyOverlay } from "./overlay.js";
import { loadReferencedFiles, type SpecFile } from "./resolve-refs.js";
import { parseYamlSafe } from "./safe-yaml.js";

/** A provider's inputs after the load stage: parsed safely, overlay applied, all $ref files known. */
export interface LoadedProvider {
  id: string;
  manifest: ProviderManifest;
  /** Line of a JSON pointer in provider.yaml, for messages about the manifest. */
  manifestLineOf: (pointer: string) => number | undefined;
  /** Repository-relative path of openapi.yaml, for messages. */
  specFile: string;
  /** The root document after the overlay; referenced files are unchanged. */
  document: Record<string, unknown>;
  /** Every file of the spec by absolute path; the root's value is the post-overlay document, its lines the original text's. */
  files: Map<string, SpecFile>;
  rootPath: string;
  /** JSON pointers of the nodes specs/<id>/overlay.yaml added, replaced or removed (see applyOverlay). */
  overlaid: string[];
}

export function loadProvider(repoRoot: string, id: string): LoadedProvider {
  const dir = path.join(repoRoot, "specs", id);
  const rel = (name: string) => path.relative(repoRoot, path.join(dir, name));
  const manifestText = readRequired(dir, "provider.yaml", rel);
  const manifestParsed = parseYamlSafe(manifestText, rel("provider.yaml"));
  const manifest = validateManifest(manifestParsed, rel("provider.yaml"), id, path.join(repoRoot, "specs", "provider.schema.json"));

  const rootPath = path.join(dir, "openapi.yaml");
  const text = readRequired(dir, "openapi.yaml", rel);
  const parsed = parseYamlSafe(text, rel("openapi.yaml"));
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    throw new SpecError({ file: rel("openapi.yaml") }, "the spec must be a YAML or JSON object");
  }
  const document = structuredClone(parsed.value) as Record<string, unknown>;
  let overlaid: string[] = [];
  if (existsSync(path.join(dir, "overlay.yaml"))) {
    const overlayParsed = parseYamlSafe(readFileSync(path.join(dir, "overlay.yaml"), "utf8"), rel("overlay.yaml"));
    overlaid = applyOverlay(document, overlayParsed.value, rel("overlay.yaml"), overlayParsed.lineOf);
  }
  // Refs are checked after the overlay, which may add some of its own.
  const root: SpecFile = { absolutePath: rootPath, text, parsed: { value: document, lineOf: parsed.lineOf } };
  const files = loadReferencedFiles(root, dir, repoRoot);
  return { id, manifest, manifestLineOf: manifestParsed.lineOf, specFile: rel("openapi.yaml"), document, files, rootPath, overlaid };
}

function readRequired(dir: string, name: string, rel: (name: string) => string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new SpecError({ file: rel(name) }, "file is missing");
  return readFileSync(file, "utf8");
}
