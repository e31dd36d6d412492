import { lstatSync } from "node:fs";
import path from "node:path";
import { SpecError } from "../errors.js";
import { expandedBytes } from "../shared/expanded-size.js";
import { realInside } from "./inside.js";
import { type ProviderManifest, validateManifest } from "./manifest.js";
import { applyOverlay } from "./overlay.js";
import { loadReferencedFiles, type SpecFile } from "./resolve-refs.js";
import { type ParseLimits, parseYamlSafe, readSpecFile, YAML_LIMITS } from "./safe-yaml.js";

/** A provider's inputs after the load stage: parsed safely, overlay applied, all $ref files known. */
export interface LoadedProvider {
  id: string;
  manifest: ProviderManifest;
  /** Line of a JSON pointer in provider.yaml, for messages about the manifest. */
  manifestLineOf: (pointer: string) => number | undefined;
  /** Repository-relative path of the root spec file (openapi.yaml or openapi.json), for messages. */
  specFile: string;
  /** The root document after the overlay; referenced files are unchanged. */
  document: Record<string, unknown>;
  /** Every file of the spec by absolute path; the root's value is the post-overlay document, its lines the original text's. */
  files: Map<string, SpecFile>;
  /** Absolute path of the root spec file. */
  rootPath: string;
  /** JSON pointers of the nodes specs/<id>/overlay.yaml added, replaced or removed (see applyOverlay). */
  overlaid: string[];
}

/** The default cap on a spec's expanded size: 64 MiB, four times the default file cap (GitHub's 13 MB spec expands to itself). */
export const DEFAULT_MAX_EXPANDED_BYTES = 64 * 1024 * 1024;

/** The names the root spec file may have; a provider has exactly one of them. */
export const SPEC_FILE_NAMES = ["openapi.yaml", "openapi.json"] as const;

export function loadProvider(repoRoot: string, id: string): LoadedProvider {
  const dir = path.join(repoRoot, "specs", id);
  const rel = (name: string) => path.relative(repoRoot, path.join(dir, name));
  const manifestText = readRequired(dir, "provider.yaml", rel, repoRoot);
  const manifestParsed = parseYamlSafe(manifestText, rel("provider.yaml"));
  const manifest = validateManifest(manifestParsed, rel("provider.yaml"), id, path.join(repoRoot, "specs", "provider.schema.json"));

  // The manifest comes first: it sets the size cap of every spec file (the manifest itself has the default).
  const limits: ParseLimits = { maxBytes: manifest.limits?.maxSpecBytes ?? YAML_LIMITS.maxBytes };
  const specName = rootSpecName(dir, rel);
  const rootPath = path.join(dir, specName);
  const text = readSpecFile(realInside(rootPath, dir, repoRoot), rel(specName), limits);
  const parsed = parseYamlSafe(text, rel(specName), limits);
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    throw new SpecError({ file: rel(specName) }, "the spec must be a YAML or JSON object");
  }
  // Aliases share objects: measure the spec as it will be written before anything copies it.
  const maxExpanded = manifest.limits?.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  if (expandedBytes(parsed.value, maxExpanded) > maxExpanded) {
    throw new SpecError(
      { file: rel(specName) },
      `the spec expands to more than ${maxExpanded} bytes of JSON once its YAML aliases are written out (limits.maxExpandedBytes in provider.yaml raises the cap)`,
    );
  }
  const document = structuredClone(parsed.value) as Record<string, unknown>;
  let overlaid: string[] = [];
  if (present(path.join(dir, "overlay.yaml"))) {
    const overlayFile = realInside(path.join(dir, "overlay.yaml"), dir, repoRoot);
    const overlayParsed = parseYamlSafe(readSpecFile(overlayFile, rel("overlay.yaml"), limits), rel("overlay.yaml"), limits);
    overlaid = applyOverlay(document, overlayParsed.value, rel("overlay.yaml"), overlayParsed.lineOf);
  }
  // Refs are checked after the overlay, which may add some of its own.
  const root: SpecFile = { absolutePath: rootPath, text, parsed: { ...parsed, value: document } };
  const files = loadReferencedFiles(root, dir, repoRoot, limits);
  return { id, manifest, manifestLineOf: manifestParsed.lineOf, specFile: rel(specName), document, files, rootPath, overlaid };
}

/** openapi.yaml or openapi.json: whichever exists; neither or both is an error. */
function rootSpecName(dir: string, rel: (name: string) => string): (typeof SPEC_FILE_NAMES)[number] {
  const [only, other] = SPEC_FILE_NAMES.filter((name) => present(path.join(dir, name)));
  if (only !== undefined && other === undefined) return only;
  const names = SPEC_FILE_NAMES.map(rel);
  if (only === undefined) throw new SpecError({ file: rel("openapi.yaml") }, `file is missing (the spec is ${names.join(" or ")})`);
  throw new SpecError({ file: rel(only) }, `both ${names.join(" and ")} exist; keep one of them as the spec`);
}

function readRequired(dir: string, name: string, rel: (name: string) => string, repoRoot: string): string {
  return readSpecFile(realInside(path.join(dir, name), dir, repoRoot), rel(name));
}

/** Whether a directory entry exists, a dangling link included (realInside then refuses it). */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
