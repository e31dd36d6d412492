import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as EsbuildModule from "esbuild";
import { requireCjs } from "../../startup/require-cjs.js";

/** What the live checks need from a generated package: its uniform stopSession. */
export interface LoadedClient {
  stopSession(input: Record<string, unknown>, options?: { headers?: Record<string, string> }): Promise<FetchResult>;
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
 * Runs the package generate has just emitted (not the committed one): its TypeScript sources and
 * the runtime's, as emitted in the same run, are bundled with esbuild into `dir` (openapi-fetch
 * left external), and the factory is imported from there. `dir` must sit inside the node_modules
 * that holds `openapi-fetch`, so the import resolves.
 */
export async function loadGeneratedClient(
  dir: string,
  sources: Record<string, string>,
  runtimeSources: Record<string, string>,
  factoryName: string,
  options: ClientOptions,
): Promise<LoadedClient> {
  const esbuild = requireCjs("esbuild") as typeof EsbuildModule;
  const write = (folder: string, files: Record<string, string>) => {
    mkdirSync(folder, { recursive: true });
    for (const [file, source] of Object.entries(files)) {
      if (file.startsWith("src/") && file.endsWith(".ts")) writeFileSync(path.join(folder, path.basename(file)), source);
    }
  };
  write(path.join(dir, "package"), sources);
  write(path.join(dir, "runtime"), runtimeSources);
  const outfile = path.join(dir, "client.mjs");
  await esbuild.build({
    entryPoints: [path.join(dir, "package", "index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    external: ["openapi-fetch"],
    alias: { "@agentstop/runtime": path.join(dir, "runtime", "index.ts") },
    logLevel: "silent",
  });
  const module = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
  const factory = module[factoryName];
  if (typeof factory !== "function") throw new Error(`the generated package does not export ${factoryName}`);
  return factory(options) as LoadedClient;
}
