import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffTree } from "./generated-tree.js";

export interface WriteReport {
  written: string[];
  removed: string[];
  unchanged: number;
}

/**
 * Writes only after every provider succeeded (the caller's job) and in two phases: new content is
 * written to a staging folder on the same disk, then renamed into place, with the old files kept
 * aside so an I/O error part-way puts everything back.
 */
export function commitFiles(repoRoot: string, wanted: ReadonlyMap<string, string>, dirs: readonly string[]): WriteReport {
  const diff = diffTree(repoRoot, wanted, dirs);
  const toWrite = [...diff.stale, ...diff.missing].sort();
  if (toWrite.length + diff.extra.length === 0) return { written: [], removed: [], unchanged: wanted.size };

  const staging = mkdtempSync(path.join(repoRoot, ".agentstop-staging-"));
  const moved: { target: string; backup?: string }[] = [];
  try {
    for (const file of toWrite) {
      const staged = path.join(staging, "new", file);
      mkdirSync(path.dirname(staged), { recursive: true });
      writeFileSync(staged, wanted.get(file) as string);
    }
    for (const file of [...toWrite, ...diff.extra]) {
      const target = path.join(repoRoot, file);
      let backup: string | undefined;
      if (existsSync(target)) {
        backup = path.join(staging, "old", file);
        mkdirSync(path.dirname(backup), { recursive: true });
        renameSync(target, backup);
      }
      moved.push({ target, backup });
      if (wanted.has(file)) {
        mkdirSync(path.dirname(target), { recursive: true });
        renameSync(path.join(staging, "new", file), target);
      }
    }
  } catch (error) {
    for (const { target, backup } of moved.reverse()) {
      if (existsSync(target)) unlinkSync(target);
      if (backup) renameSync(backup, target);
    }
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { written: toWrite, removed: diff.extra, unchanged: wanted.size - toWrite.length };
}
