import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A scratch copy of everything generate reads (and generated/), so a test can break it freely. */
export function copyRepo(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), "agentstop-test-"));
  for (const entry of ["specs", "templates", "generated", "redocly.yaml", "package.json"]) {
    cpSync(path.join(repoRoot, entry), path.join(root, entry), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}node_modules`),
    });
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** One hash over every file under a folder, names included: byte-for-byte comparison. */
export function hashTree(dir: string): string {
  const hash = createHash("sha256");
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(path.relative(dir, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}
