import { readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { SpecError } from "../errors.js";

/**
 * The real path of an input file, which must lie inside `folder` (after symlinks): specs arrive in
 * pull requests, and a symlinked openapi.yaml would otherwise pull any file of the machine into
 * generated/. Missing and outside get one message, so the error says nothing about what exists.
 */
export function realInside(file: string, folder: string, repoRoot: string): string {
  const shown = path.relative(repoRoot, file);
  const where = path.relative(repoRoot, folder) || ".";
  let real: string;
  let realFolder: string;
  try {
    real = realpathSync(file);
    realFolder = realpathSync(folder);
  } catch {
    throw new SpecError({ file: shown }, `no such file inside ${where}/ (missing, or a link that leads elsewhere)`);
  }
  if (real !== realFolder && !real.startsWith(realFolder + path.sep)) {
    throw new SpecError({ file: shown }, `no such file inside ${where}/ (missing, or a link that leads elsewhere)`);
  }
  return real;
}

/** Every file under a folder, each resolving inside it: templates/ is read by every run. */
export function checkFolderInside(folder: string, repoRoot: string): void {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory()) realInside(path.join(entry.parentPath, entry.name), folder, repoRoot);
  }
}
