import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** What the committed package says about its last release: the baseline a new spec is compared with. */
export interface PreviousRelease {
  version?: string;
  /** The bundled spec the committed package was generated from (generated/<id>/openapi.json). */
  bundled?: Record<string, unknown>;
  /** That file's text: a new bundled spec with the same text needs no diff. */
  bundledText?: string;
  /** CHANGELOG.md from its first `## ` entry on, kept as written. */
  changelogEntries?: string;
  /** The files the package publishes (dist/, README.md, package.json), as committed. */
  published?: Record<string, string>;
}

export const BUNDLED_SPEC_FILE = "openapi.json";

/** Reads generated/<id>/ (or the runtime's folder); anything missing or unreadable is simply absent (a first release). */
export function readPreviousRelease(repoRoot: string, id: string): PreviousRelease {
  const dir = path.join(repoRoot, "generated", id);
  const read = (file: string) => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : undefined);
  const previous: PreviousRelease = {};
  const manifest = parseJson(read("package.json"));
  if (typeof manifest?.version === "string") previous.version = manifest.version;
  const bundledText = read(BUNDLED_SPEC_FILE);
  const bundled = parseJson(bundledText);
  if (bundled) {
    previous.bundled = bundled;
    previous.bundledText = bundledText;
  }
  const changelog = read("CHANGELOG.md");
  const firstEntry = changelog?.search(/^## /m) ?? -1;
  if (changelog && firstEntry >= 0) previous.changelogEntries = changelog.slice(firstEntry).trimEnd();
  previous.published = publishedFiles(dir);
  return previous;
}

/** dist/, README.md and package.json of a package folder, by path inside it. */
export function publishedFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ["README.md", "package.json"]) if (existsSync(path.join(dir, name))) files[name] = readFileSync(path.join(dir, name), "utf8");
  const dist = path.join(dir, "dist");
  if (!existsSync(dist)) return files;
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
  }
  return files;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
