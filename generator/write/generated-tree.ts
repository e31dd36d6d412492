import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Installs inside a package are not ours to compare or delete (dist/ is: the generator writes it). */
const NOT_OURS = new Set(["node_modules", ".turbo"]);

/** Whether a file falls in the run's scope: one of its folders, or one of its single files. */
export function inScope(file: string, scope: readonly string[]): boolean {
  return scope.some((entry) => file === entry || file.startsWith(`${entry}/`));
}

/** Repository-relative paths of files in the scope (folders and single files) that exist today. */
export function listOwnedFiles(repoRoot: string, dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(repoRoot, relative);
    if (!existsSync(absolute)) return;
    if (!statSync(absolute).isDirectory()) {
      found.push(relative);
      return;
    }
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (NOT_OURS.has(entry.name) || entry.name.endsWith(".tsbuildinfo") || entry.name.endsWith(".tgz")) continue;
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else found.push(child);
    }
  };
  for (const dir of dirs) walk(dir);
  return found.sort();
}

export interface TreeDiff {
  stale: string[];
  missing: string[];
  extra: string[];
}

/** Compares wanted content with the disk under `dirs`. */
export function diffTree(repoRoot: string, wanted: ReadonlyMap<string, string>, dirs: readonly string[]): TreeDiff {
  const onDisk = new Set(listOwnedFiles(repoRoot, dirs));
  const diff: TreeDiff = { stale: [], missing: [], extra: [] };
  for (const [file, content] of [...wanted].filter(([file]) => inScope(file, dirs)).sort(([a], [b]) => a.localeCompare(b))) {
    if (!onDisk.has(file)) diff.missing.push(file);
    else if (readFileSync(path.join(repoRoot, file), "utf8") !== content) diff.stale.push(file);
  }
  diff.extra = [...onDisk].filter((file) => !wanted.has(file));
  return diff;
}
