// Write stage on a scratch folder, and the lint stage on small specs in a scratch repository.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatLocation } from "../../generator/errors.js";
import { LintFailure, lintAndBundle } from "../../generator/lint/lint-and-bundle.js";
import { loadProvider } from "../../generator/load/load-provider.js";
import { parseYamlSafe } from "../../generator/load/safe-yaml.js";
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

  /** A scratch repository with one provider, `probe`; `files` are written into specs/probe/. */
  function probeRepo(openapi: string, files: Record<string, string | undefined> = { "openapi.yaml": openapi }, manifestText = manifest): string {
    const root = scratchDir();
    cpSync(path.join(repoRoot, "redocly.yaml"), path.join(root, "redocly.yaml"));
    mkdirSync(path.join(root, "specs/probe"), { recursive: true });
    cpSync(path.join(repoRoot, "specs/provider.schema.json"), path.join(root, "specs/provider.schema.json"));
    writeFileSync(path.join(root, "specs/probe/provider.yaml"), manifestText);
    for (const [name, text] of Object.entries(files)) if (text !== undefined) writeFileSync(path.join(root, "specs/probe", name), text);
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

  describe("JSON specs", () => {
    const asJson = (yamlText: string, indent?: number) => JSON.stringify(parseYamlSafe(yamlText, "probe.yaml").value, null, indent);
    /** `line:column` of the character after the first `needle`, found without the code under test. */
    const placeAfter = (text: string, needle: string) => {
      const offset = text.indexOf(needle) + needle.length;
      const lines = text.slice(0, offset).split("\n");
      return `${lines.length}:${(lines.at(-1) as string).length + 1}`;
    };
    const noDescription = spec("      operationId: stopSession\n      summary: Stop");

    it.each([
      { case: "pretty-printed", given: asJson(noDescription, 2), needle: '"delete": ' },
      { case: "minified", given: asJson(noDescription), needle: '"delete":' },
    ])("$case: a finding names the file, the line and the column of its pointer", async ({ given, needle }) => {
      const root = probeRepo("", { "openapi.json": given });
      const loaded = loadProvider(root, "probe");
      expect(loaded.specFile).toBe("specs/probe/openapi.json");
      const { findings } = await lintAndBundle(root, loaded);
      expect(findings.map((f) => `${f.severity} ${f.ruleId} ${formatLocation(f)}`)).toEqual([
        `warn operation-description specs/probe/openapi.json:${placeAfter(given, needle)} (at #/paths/~1sessions~1{id}/delete/description)`,
      ]);
    });

    it("minified: a lint error names line 1 and the column", async () => {
      const given = asJson(spec("      summary: Stop"));
      expect(placeAfter(given, '"delete":')).toMatch(/^1:\d{3}$/);
      const root = probeRepo("", { "openapi.json": given });
      const failure = await lintAndBundle(root, loadProvider(root, "probe")).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LintFailure);
      expect((failure as Error).message).toMatch(
        new RegExp(`^specs/probe/openapi\\.json:${placeAfter(given, '"delete":')} \\(at #/paths/~1sessions~1\\{id\\}/delete.*operation-operationId`),
      );
    });
  });

  describe("the spec file and its size", () => {
    const clean = spec("      operationId: stopSession\n      summary: Stop\n      description: d");
    const withLimit = (bytes: number) => `${manifest}limits: { maxSpecBytes: ${bytes} }\n`;
    const padded = (text: string, bytes: number) => `${text}x-padding: "${"p".repeat(bytes)}"\n`;
    const ref = (text: string) => text.replace("responses: {", "responses: { '500': { $ref: 'errors.yaml#/ServerError' },");

    it.each([
      { case: "openapi.yaml alone", files: { "openapi.yaml": clean }, want: "specs/probe/openapi.yaml" },
      { case: "openapi.json alone", files: { "openapi.json": JSON.stringify(parseYamlSafe(clean, "c.yaml").value) }, want: "specs/probe/openapi.json" },
      {
        case: "both",
        files: { "openapi.yaml": clean, "openapi.json": "{}" },
        want: /^specs\/probe\/openapi\.yaml: both specs\/probe\/openapi\.yaml and specs\/probe\/openapi\.json exist; keep one/,
      },
      {
        case: "neither",
        files: {},
        want: /^specs\/probe\/openapi\.yaml: file is missing \(the spec is specs\/probe\/openapi\.yaml or specs\/probe\/openapi\.json\)/,
      },
    ])("$case: $want", ({ files, want }) => {
      const root = probeRepo("", files);
      if (typeof want === "string") expect(loadProvider(root, "probe").specFile).toBe(want);
      else expect(() => loadProvider(root, "probe")).toThrow(want);
    });

    it.each([
      {
        case: "a spec over the provider's cap",
        files: { "openapi.yaml": padded(clean, 2048) },
        limit: 2048,
        want: /^specs\/probe\/openapi\.yaml: file is \d+ bytes, larger than the limit of 2048 bytes .*limits\.maxSpecBytes in its provider\.yaml/,
      },
      { case: "a spec under the provider's cap", files: { "openapi.yaml": padded(clean, 2048) }, limit: 8192, want: undefined },
      {
        case: "a referenced file over the provider's cap",
        files: { "openapi.yaml": ref(clean), "errors.yaml": padded("ServerError: { description: failed }\n", 4096) },
        limit: 2048,
        want: /^specs\/probe\/errors\.yaml: file is \d+ bytes, larger than the limit of 2048 bytes/,
      },
      {
        case: "an overlay over the provider's cap",
        files: { "openapi.yaml": clean, "overlay.yaml": padded("overlay: 1.0.0\nactions: []\n", 4096) },
        limit: 2048,
        want: /^specs\/probe\/overlay\.yaml: file is \d+ bytes, larger than the limit of 2048/,
      },
      {
        case: "a cap under the schema's minimum",
        files: { "openapi.yaml": clean },
        limit: 1000,
        want: /^specs\/probe\/provider\.yaml.*invalid provider manifest: \/limits\/maxSpecBytes/,
      },
    ])("$case", ({ files, limit, want }) => {
      const root = probeRepo("", files, withLimit(limit));
      if (want === undefined) expect(loadProvider(root, "probe").manifest.limits).toEqual({ maxSpecBytes: limit });
      else expect(() => loadProvider(root, "probe")).toThrow(want);
    });

    it("without limits, a spec over the old 5 MiB cap loads (the default is 16 MiB)", () => {
      const big = { ...(parseYamlSafe(clean, "c.yaml").value as object), "x-padding": "p".repeat(6 * 1024 * 1024) };
      const root = probeRepo("", { "openapi.json": JSON.stringify(big) });
      expect(loadProvider(root, "probe").document["x-padding"]).toHaveLength(6 * 1024 * 1024);
    });
  });
});
