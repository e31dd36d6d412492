// Write stage on a scratch folder, and the lint stage on small specs in a scratch repository.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LintFailure, lintAndBundle } from "../../generator/lint/lint-and-bundle.js";
import { loadProvider } from "../../generator/load/load-provider.js";
import { commitFiles } from "../../generator/write/commit-files.js";
import { diffTree, listOwnedFiles } from "../../generator/write/generated-tree.js";
import { repoRoot } from "../helpers/repo.js";

const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "agentstop-unit-"));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = scratchDir();
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe("write", () => {
  const onDisk = {
    "generated/a/x.ts": "same",
    "generated/a/y.ts": "old",
    "generated/a/gone.ts": "bye",
    "generated/a/node_modules/x/i.js": "an install",
    "generated/b/z.ts": "other",
  };
  const wanted = new Map([
    ["generated/a/x.ts", "same"],
    ["generated/a/y.ts", "new"],
    ["generated/a/new.ts", "hello"],
  ]);

  it("lists owned files, leaving installs alone (dist/ is the generator's: it writes it)", () => {
    expect(listOwnedFiles(tree({ ...onDisk, "generated/a/node_modules/m/i.js": "", "generated/a/t.tsbuildinfo": "" }), ["generated/a"])).toEqual([
      "generated/a/gone.ts",
      "generated/a/x.ts",
      "generated/a/y.ts",
    ]);
  });

  it("diffs stale, missing and extra files within the given folders only", () => {
    expect(diffTree(tree(onDisk), wanted, ["generated/a"])).toEqual({
      stale: ["generated/a/y.ts"],
      missing: ["generated/a/new.ts"],
      extra: ["generated/a/gone.ts"],
    });
  });

  it("commits: writes stale and missing files, removes extra ones, keeps the rest", () => {
    const root = tree(onDisk);
    expect(commitFiles(root, wanted, ["generated/a"])).toMatchObject({ written: ["generated/a/new.ts", "generated/a/y.ts"], removed: ["generated/a/gone.ts"] });
    expect(listOwnedFiles(root, ["generated"])).toEqual(["generated/a/new.ts", "generated/a/x.ts", "generated/a/y.ts", "generated/b/z.ts"]);
    expect(readFileSync(path.join(root, "generated/a/y.ts"), "utf8")).toBe("new");
    expect(readFileSync(path.join(root, "generated/a/node_modules/x/i.js"), "utf8")).toBe("an install");
    expect(commitFiles(root, wanted, ["generated/a"])).toEqual({ written: [], removed: [], unchanged: 3 });
  });
});

describe("lint and bundle", () => {
  const manifest = [
    "id: probe",
    "displayName: Probe",
    'package: "@agentstop/probe"',
    "upstream: { url: https://example.com/probe.md, format: openapi }",
    "stopSession: { operationId: stopSession, effect: terminate, session: { in: path, name: id } }",
    "",
  ].join("\n");
  const spec = (operation: string, servers = "servers: [{ url: https://api.probe.dev }]") =>
    [
      "openapi: 3.1.0",
      "info: { title: Probe, version: 1.0.0, description: d }",
      servers,
      "security: [{ Bearer: [] }]",
      "tags: [{ name: sessions, description: d }]",
      "components: { securitySchemes: { Bearer: { type: http, scheme: bearer } } }",
      "paths:",
      "  /sessions/{id}:",
      "    delete:",
      operation,
      "      tags: [sessions]",
      "      parameters: [{ name: id, in: path, required: true, description: d, schema: { type: string } }]",
      "      responses: { '204': { description: stopped }, '4XX': { description: failed } }",
      "",
    ].join("\n");

  function probeRepo(openapi: string): string {
    const root = scratchDir();
    cpSync(path.join(repoRoot, "redocly.yaml"), path.join(root, "redocly.yaml"));
    mkdirSync(path.join(root, "specs/probe"), { recursive: true });
    cpSync(path.join(repoRoot, "specs/provider.schema.json"), path.join(root, "specs/provider.schema.json"));
    writeFileSync(path.join(root, "specs/probe/provider.yaml"), manifest);
    writeFileSync(path.join(root, "specs/probe/openapi.yaml"), openapi);
    return root;
  }

  it.each([
    { case: "a clean spec", given: spec("      operationId: stopSession\n      summary: Stop\n      description: d"), want: [] },
    {
      case: "no description",
      given: spec("      operationId: stopSession\n      summary: Stop"),
      want: ["warn operation-description specs/probe/openapi.yaml:10"],
    },
  ])("$case: bundled, findings $want", async ({ given, want }) => {
    const root = probeRepo(given);
    const { findings, bundled } = await lintAndBundle(root, loadProvider(root, "probe"));
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`)).toEqual(want);
    expect(Object.keys(bundled.paths as object)).toEqual(["/sessions/{id}"]);
  });

  it.each([
    {
      case: "a missing operationId",
      given: spec("      summary: Stop"),
      want: /^specs\/probe\/openapi\.yaml:10 \(at #\/paths\/~1sessions~1\{id\}\/delete.*operation-operationId/,
    },
    {
      case: "empty servers",
      given: spec("      operationId: stopSession", "servers: []"),
      want: /^specs\/probe\/openapi\.yaml:3 \(at #\/servers\).*(no-empty-servers|servers-declared)/,
    },
  ])("$case is a lint error naming the file, line and pointer", async ({ given, want }) => {
    const root = probeRepo(given);
    const failure = await lintAndBundle(root, loadProvider(root, "probe")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LintFailure);
    expect((failure as Error).message).toMatch(want);
  });
});
