import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ChangelogEntry, ReleasePlan } from "../../release/plan-release.js";
import type { RunCache } from "../../shared/run-cache.js";
import { RUNTIME_ID, RUNTIME_PACKAGE } from "../../shared/runtime-package.js";
import { compileTemplate } from "../shared/handlebars.js";
import { BANNER_LINES } from "../shared/text.js";
import type { HeavyEmitters } from "../thread/in-process.js";

export interface RuntimeView {
  banner: string;
  bannerLine: string;
  id: string;
  packageName: string;
  version: string;
  description: string;
  dependencies: { name: string; range: string }[];
  repositoryUrl: string | false;
  repositoryDirectory: string;
  /** The published files' hash this release records (see release/packed-change.ts). */
  publishedHash: string;
  changelog: { entry?: ChangelogEntry; previousEntries: string };
}

export interface RuntimeInputs {
  templatesDir: string;
  openapiFetchRange: string;
  emitters: Pick<HeavyEmitters, "dist">;
  repositoryUrl?: string;
  cache?: RunCache;
}

function view(inputs: RuntimeInputs, release: ReleasePlan | undefined): RuntimeView {
  return {
    banner: BANNER_LINES.join(" "),
    bannerLine: BANNER_LINES[0] as string,
    id: RUNTIME_ID,
    packageName: RUNTIME_PACKAGE,
    version: release?.version ?? "0.0.0",
    description: "What every agentstop client shares: path safety, servers, auth and defaults on top of openapi-fetch.",
    repositoryUrl: inputs.repositoryUrl ?? false,
    repositoryDirectory: `generated/${RUNTIME_ID}`,
    publishedHash: (release as { publishedHash?: string } | undefined)?.publishedHash ?? "",
    dependencies: [{ name: "openapi-fetch", range: inputs.openapiFetchRange }],
    changelog: { ...(release?.entry ? { entry: release.entry } : {}), previousEntries: release?.previousEntries ?? "" },
  };
}

/**
 * generated/runtime/ but package.json and CHANGELOG.md: the sources (templates/runtime/src, with
 * the banner), their dist/, the README and the editor tsconfig.
 */
export async function emitRuntimeBody(inputs: RuntimeInputs): Promise<Record<string, string>> {
  const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n\n`;
  const sourceDir = path.join(inputs.templatesDir, "runtime", "src");
  const sources = Object.fromEntries(
    readdirSync(sourceDir)
      .filter((file) => file.endsWith(".ts"))
      .sort()
      .map((file) => [`src/${file}`, banner + readFileSync(path.join(sourceDir, file), "utf8")]),
  );
  const current = view(inputs, undefined);
  return {
    "README.md": compileTemplate<RuntimeView>(path.join(inputs.templatesDir, "runtime", "README.md.hbs"), inputs.cache?.templates)(current),
    "tsconfig.json": compileTemplate<RuntimeView>(path.join(inputs.templatesDir, "package", "tsconfig.json.hbs"), inputs.cache?.templates)(current),
    ...sources,
    ...(await inputs.emitters.dist(sources)),
  };
}

/** package.json and CHANGELOG.md of the runtime for its planned release. */
export function runtimeVersionedFiles(inputs: RuntimeInputs, release: ReleasePlan): Record<string, string> {
  const current = view(inputs, release);
  return {
    "package.json": compileTemplate<RuntimeView>(path.join(inputs.templatesDir, "runtime", "package.json.hbs"), inputs.cache?.templates)(current),
    "CHANGELOG.md": compileTemplate<RuntimeView>(path.join(inputs.templatesDir, "package", "CHANGELOG.md.hbs"), inputs.cache?.templates)(current),
  };
}

/** The range provider packages ask for: any runtime release with the same major and at least this minor. */
export function runtimeRange(version: string): string {
  const [major, minor] = version.split(".");
  return `^${major}.${minor}.0`;
}
