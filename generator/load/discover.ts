import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** Every folder under specs/ with a provider.yaml is a provider: adding one needs no code change. */
export function discoverProviders(specsDir: string): string[] {
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(specsDir, entry.name, "provider.yaml")))
    .map((entry) => entry.name)
    .sort();
}
