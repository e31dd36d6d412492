// The compile gate: an emitted package that does not type-check fails its provider, quoting the
// compiler, and nothing of it is written.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CachedCompileGate, CompileGate } from "../../generator/compile/compile-gate.js";
import { InProcessEmitters } from "../../generator/emit/thread/in-process.js";
import { discoverProviders } from "../../generator/load/discover.js";
import { generate } from "../../generator/pipeline.js";
import { copyRepo, hashTree, repoRoot } from "../helpers/repo.js";

const PACKAGE_JSON = JSON.stringify({ name: "@agentstop/probe", type: "module" });
const probe = (client: string) => ({
  id: "probe",
  files: {
    "package.json": PACKAGE_JSON,
    "src/index.ts": 'export * from "./client.js";\n',
    "src/client.ts": client,
  },
});

describe("CompileGate", () => {
  const gate = new CompileGate(repoRoot);

  it.each([
    {
      case: "a package that compiles",
      client: 'import createClient, { type Client } from "openapi-fetch";\nexport function make(): Client<{}> {\n  return createClient({ baseUrl: "x" });\n}\n',
      want: [],
    },
    {
      case: "a type error, with file, line, column and code",
      client: "export const n: number = 1;\nexport const s: string = n;\n",
      want: [{ file: "generated/probe/src/client.ts", line: 2, column: 14, code: 2322 }],
    },
    {
      case: "a missing module",
      client: 'import { nothing } from "./nowhere.js";\nexport const x: string = nothing;\n',
      want: [{ file: "generated/probe/src/client.ts", line: 1, column: 25, code: 2307 }],
    },
    {
      case: "isolated declarations: an export without a type",
      client: "export const n = 1 + 1;\nexport function f() { return n; }\n",
      want: [
        { file: "generated/probe/src/client.ts", line: 2, column: 17, code: 9007 },
        { file: "generated/probe/src/client.ts", line: 1, column: 14, code: 9010 },
      ],
    },
    {
      case: "strict mode: an implicit any",
      client: "export function f(x): unknown { return x; }\n",
      want: [
        { file: "generated/probe/src/client.ts", line: 1, column: 19, code: 7006 },
        { file: "generated/probe/src/client.ts", line: 1, column: 19, code: 9011 },
      ],
    },
  ])("$case", ({ client, want }) => {
    const found = gate.check([probe(client)]).get("probe") ?? [];
    expect(found.map(({ file, line, column, code }) => ({ file, line, column, code })).sort((a, b) => a.code - b.code)).toEqual(want);
  });

  it("attributes errors to their own package when several are checked at once", () => {
    const good = { ...probe("export const ok = 1;\n"), id: "good" };
    const bad = { ...probe("export const bad: string = 1;\n"), id: "bad" };
    const verdicts = gate.check([good, bad]);
    expect(verdicts.get("good")).toEqual([]);
    expect(verdicts.get("bad")?.map((d) => d.code)).toEqual([2322]);
  });

  it("checks the emitted files, not what generated/ holds on disk for the same provider", () => {
    const [id] = discoverProviders(path.join(repoRoot, "specs"));
    // The committed package has a client.ts that compiles; the in-memory one given here does not.
    const verdicts = gate.check([{ id: id as string, files: { "package.json": PACKAGE_JSON, "src/index.ts": 'export * from "./client.js";\n' } }]);
    expect(verdicts.get(id as string)?.map((d) => d.code)).toEqual([2307]);
  });
});

describe("CachedCompileGate", () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), "agentstop-gate-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("remembers passing packages only", () => {
    const gate = new CachedCompileGate(repoRoot, cacheDir);
    expect(gate.check([probe("export const ok = 1;\n")]).probe).toEqual([]);
    expect(readdirSync(path.join(cacheDir, "compile-gate"))).toHaveLength(1);
    expect(gate.check([probe("export const bad: string = 1;\n")]).probe).toHaveLength(1);
    expect(readdirSync(path.join(cacheDir, "compile-gate"))).toHaveLength(1);
  });
});

describe("generate with the gate", () => {
  it("fails the provider whose package does not compile, quotes the compiler, and writes nothing of it", async () => {
    const scratch = copyRepo();
    try {
      const [id] = discoverProviders(path.join(scratch.root, "specs"));
      const inner = new InProcessEmitters();
      // An emitter whose client carries a type error stands in for any generator bug.
      const emitters = Object.assign(Object.create(inner) as InProcessEmitters, {
        client: async (model: Parameters<InProcessEmitters["client"]>[0]) => `${await inner.client(model)}\nexport const broken: number = "not a number";\n`,
      });
      const before = hashTree(path.join(scratch.root, "generated"));
      const result = await generate(scratch.root, { only: id as string, emitters, live: false });
      const failed = result.providers.find((provider) => provider.id === id);
      expect(failed?.ok).toBe(false);
      expect(failed?.error?.message).toMatch(
        new RegExp(`does not compile \\(1 error\\); nothing was written for it:\\n  generated/${id}/src/client\\.ts:\\d+:14 TS2322 `),
      );
      expect([...result.files.keys()].filter((file) => file.startsWith(`generated/${id}/`))).toEqual([]);
      expect(result.scope).not.toContain(`generated/${id}`);
      expect(hashTree(path.join(scratch.root, "generated"))).toBe(before);
      expect(existsSync(path.join(scratch.root, "generated", id as string, "src", "client.ts"))).toBe(true);
    } finally {
      scratch.cleanup();
    }
  }, 60_000);
});
