import { publishedHash } from "./packed-change.js";

/** One package as it stands at a point in history: its version and the files it publishes. */
export interface PackageSnapshot {
  version: string;
  /** Path inside generated/<id>/ → content: dist/, README.md, package.json. */
  published: Record<string, string>;
}

export interface VersionViolation {
  id: string;
  version: string;
  /** The published files that differ. */
  files: string[];
}

/**
 * Packages whose published bytes changed while their version did not: two different tarballs
 * would go out under one version number. Packages new on either side are not compared.
 */
export function versionViolations(before: ReadonlyMap<string, PackageSnapshot>, after: ReadonlyMap<string, PackageSnapshot>): VersionViolation[] {
  const violations: VersionViolation[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then || then.version !== now.version) continue;
    if (publishedHash(then.published) === publishedHash(now.published)) continue;
    const names = [...new Set([...Object.keys(then.published), ...Object.keys(now.published)])].sort();
    const files = names.filter((file) => file !== "package.json" && then.published[file] !== now.published[file]);
    violations.push({ id, version: now.version, files: files.length > 0 ? files : ["package.json"] });
  }
  return violations.sort((a, b) => a.id.localeCompare(b.id));
}
