import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { discoverProviders } from "../load/discover.js";
import type { ProviderSize } from "./plan-shards.js";

/** Every provider under specs/ with the bytes of its folder (spec, overlay, manifest). */
export function providerSizes(repoRoot: string): ProviderSize[] {
  const specs = path.join(repoRoot, "specs");
  return discoverProviders(specs).map((id) => {
    const dir = path.join(specs, id);
    const bytes = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
    return { id, bytes };
  });
}
