import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as EsbuildModule from "esbuild";
import { requireCjs } from "../../startup/require-cjs.js";

/** What the live checks need from a generated package: its uniform stopSession. */
export interface LoadedClient {
  stopSession(input: { agentId?: string; sessionId: string }, options?: { headers?: Record<string, string> }): Promise<FetchResult>;
}

export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface ClientOptions {
  baseUrl: string;
  auth: Record<string, string>;
}

/**
 * Runs the package generate has just emitted (not the committed one): its TypeScript sources are
 * transpiled as they are into `dir`, which must sit inside the node_modules that holds
 * `openapi-fetch` so the import resolves, and the factory is imported from there.
 */
export async function loadGeneratedClient(dir: string, sources: Record<string, string>, factoryName: string, options: ClientOptions): Promise<LoadedClient> {
  const esbuild = requireCjs("esbuild") as typeof EsbuildModule;
  mkdirSync(dir, { recursive: true });
  for (const [file, source] of Object.entries(sources)) {
    if (!file.startsWith("src/") || !file.endsWith(".ts")) continue;
    const { code } = esbuild.transformSync(source, { loader: "ts", format: "esm", target: "node20" });
    writeFileSync(path.join(dir, `${path.basename(file, ".ts")}.js`), code);
  }
  const module = (await import(pathToFileURL(path.join(dir, "index.js")).href)) as Record<string, unknown>;
  const factory = module[factoryName];
  if (typeof factory !== "function") throw new Error(`the generated package does not export ${factoryName}`);
  return factory(options) as LoadedClient;
}
