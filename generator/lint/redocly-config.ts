import path from "node:path";
import { type Config, loadConfig } from "@redocly/openapi-core";
import { realInside } from "../load/inside.js";
import { agentstopPlugin } from "./rules/plugin.js";

/**
 * redocly.yaml, loaded once per run with agentstop's rules passed in as a plugin object (no plugin
 * file is evaluated). Providers without an `apis:` entry use the root rules, so a new provider
 * folder works without editing the config.
 */
export function loadRedoclyConfig(repoRoot: string, cached: Map<string, Promise<unknown>> = new Map()): Promise<Config> {
  let config = cached.get(repoRoot) as Promise<Config> | undefined;
  if (!config) {
    // redocly.yaml must be the repository's own file, not a link to one elsewhere.
    config = loadConfig({ configPath: realInside(path.join(repoRoot, "redocly.yaml"), repoRoot, repoRoot), plugins: [agentstopPlugin] });
    cached.set(repoRoot, config);
  }
  return config;
}

export function configFor(config: Config, providerId: string): Config {
  const apis = config.resolvedConfig.apis ?? {};
  return Object.hasOwn(apis, providerId) ? config.forAlias(providerId) : config;
}
