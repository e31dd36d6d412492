import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { runCli } from "../generator/cli.js";
import { danglingLocalRef } from "../generator/lint/local-refs.js";
import { generate } from "../generator/pipeline.js";
import { providerIds, readManifest } from "./helpers/providers.js";
import { copyRepo, hashTree, repoRoot } from "./helpers/repo.js";
import { bin } from "./helpers/run-bin.js";

let scratch: ReturnType<typeof copyRepo> | undefined;
afterEach(() => scratch?.cleanup());

function writeProvider(root: string, id: string, spec: string, manifest?: string): void {
  const dir = path.join(root, "specs", id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "openapi.yaml"), spec);
  writeFileSync(
    path.join(dir, "provider.yaml"),
    manifest ??
      `id: ${id}\ndisplayName: Hostile\npackage: "@agentstop/${id}"\nupstream: { url: "https://example.test/x", format: openapi }\nstopSession: { operationId: "stop", effect: terminate, session: { in: path, name: "session.id" } }\noperations: all\n`,
  );
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: hostile spec text, on purpose
const INJECTION = "*/ globalThis.__pwned = 1; /* ` ${globalThis.__pwned = 2} \" ' \u2028 \n";
const HOSTILE_SPEC = `openapi: 3.1.0
info: { title: ${JSON.stringify(INJECTION)}, version: "1", description: ${JSON.stringify(INJECTION)} }
servers: [{ url: "https://api.example.test" }]
security: [{ "key.-x": [] }]
tags: [{ name: t, description: t }]
paths:
  "/s/{session.id}/stop":
    post:
      operationId: stop
      tags: [t]
      summary: ${JSON.stringify(INJECTION)}
      description: ${JSON.stringify(INJECTION)}
      parameters:
        - { name: "session.id", in: path, required: true, description: ${JSON.stringify(INJECTION)}, schema: { type: string, pattern: ${JSON.stringify("^[a-z]+$")} } }
        - { name: "x-\`\${evil}\`", in: header, description: d, schema: { type: string } }
      responses:
        "200": { description: ${JSON.stringify(INJECTION)} }
        "400": { description: bad }
  "/class/{delete}":
    get:
      operationId: "class"
      tags: [t]
      summary: reserved
      description: reserved words
      parameters: [{ name: "delete", in: path, required: true, description: d, schema: { type: string } }]
      responses: { "200": { description: ok }, "400": { description: bad } }
components:
  securitySchemes:
    "key.-x": { type: apiKey, in: header, name: "x-key\\"*/", description: ${JSON.stringify(INJECTION)} }
`;

describe("hostile spec text", () => {
  it("generates code that compiles and runs no injected statement", async () => {
    scratch = copyRepo();
    writeProvider(scratch.root, "hostile", HOSTILE_SPEC);
    const result = await generate(scratch.root, { only: "hostile", live: false });
    expect(result.providers[0]?.error?.message ?? "ok").toBe("ok");
    const outDir = path.join(scratch.root, "generated", "hostile");
    for (const [file, content] of result.files) {
      mkdirSync(path.dirname(path.join(scratch.root, file)), { recursive: true });
      writeFileSync(path.join(scratch.root, file), content);
    }
    const client = readFileSync(path.join(outDir, "src/client.ts"), "utf8");
    expect(client).toContain("*\\/ globalThis.__pwned");
    expect(client).toContain("class_: (...[init])");
    // Compile with the repository's TypeScript against its openapi-fetch, then run it.
    const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    // As installed: the package, the runtime it depends on and openapi-fetch side by side.
    mkdirSync(path.join(scratch.root, "node_modules", "@agentstop"), { recursive: true });
    execFileSync("ln", ["-s", path.join(repoRoot, "node_modules/openapi-fetch"), path.join(scratch.root, "node_modules/openapi-fetch")]);
    execFileSync("ln", ["-s", path.join(scratch.root, "generated/runtime"), path.join(scratch.root, "node_modules/@agentstop/runtime")]);
    writeFileSync(
      path.join(outDir, "tsconfig.check.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { typeRoots: [path.join(repoRoot, "node_modules/@types")] } }),
    );
    try {
      execFileSync(process.execPath, [tsc, "-p", path.join(outDir, "tsconfig.check.json")], { stdio: "pipe", encoding: "utf8" });
    } catch (error) {
      throw new Error(`generated code does not compile:\n${(error as { stdout?: string }).stdout}`);
    }
    const probe = `import("./dist/index.js").then((m) => { m.createHostileClient(); console.log(String(globalThis.__pwned)); })`;
    expect(execFileSync(process.execPath, ["-e", probe], { cwd: outDir, encoding: "utf8" }).trim()).toBe("undefined");
  }, 120_000);
});

describe("refused input", () => {
  const cases = [
    {
      name: "a YAML alias bomb",
      spec: `openapi: 3.1.0\na: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
      want: /specs\/bomb\/openapi\.yaml: refused YAML: .*alias/,
    },
    {
      name: "a remote $ref",
      spec: `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    X: { $ref: "https://evil.example/x.yaml" }\n`,
      want: /specs\/bomb\/openapi\.yaml:6 \(at #\/components\/schemas\/X\): remote \$ref/,
    },
    {
      // A file that exists in every repository, outside every provider's folder.
      name: "a $ref outside the spec folder",
      spec: `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    X: { $ref: "../provider.schema.json" }\n`,
      want: /\$ref "\.\.\/provider\.schema\.json" names no file inside the spec folder specs\/bomb$/,
    },
    {
      // Missing and outside get the same words: the error must not say which files exist.
      name: "a $ref to a missing file",
      spec: `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    X: { $ref: "./nowhere.yaml" }\n`,
      want: /\$ref "\.\/nowhere\.yaml" names no file inside the spec folder specs\/bomb$/,
    },
  ];
  it.each(cases)("$name is refused with the file and place", async ({ spec, want }) => {
    scratch = copyRepo();
    writeProvider(scratch.root, "bomb", spec);
    const result = await generate(scratch.root, { only: "bomb" });
    expect(result.providers[0]?.ok).toBe(false);
    expect(result.providers[0]?.error?.message).toMatch(want);
  });
});

describe("inputs stay inside the repository: a symlink leading elsewhere is refused like a missing file", () => {
  // A secret file outside the repository that a hostile pull request would like copied into generated/.
  const outside = path.join(tmpdir(), `agentstop-secret-${process.pid}.yaml`);
  writeFileSync(outside, "openapi: 3.1.0\ninfo: { title: SECRET, version: '1' }\npaths: {}\n");
  afterAll(() => rmSync(outside, { force: true }));
  const [id = ""] = providerIds();

  it.each(["openapi.yaml", "overlay.yaml", "provider.yaml"])("specs/<id>/%s as a link to a file outside", async (file) => {
    scratch = copyRepo();
    const target = path.join(scratch.root, "specs", id, file);
    rmSync(target, { force: true });
    symlinkSync(outside, target);
    const before = hashTree(path.join(scratch.root, "generated"));
    const result = await generate(scratch.root, { only: id, live: false });
    const failed = result.providers.find((provider) => provider.id === id);
    expect(failed?.ok).toBe(false);
    expect(failed?.error?.message).toBe(`specs/${id}/${file}: no such file inside specs/${id}/ (missing, or a link that leads elsewhere)`);
    expect([...result.files.values()].some((content) => content.includes("SECRET"))).toBe(false);
    expect(hashTree(path.join(scratch.root, "generated"))).toBe(before);
  });

  it.each(["redocly.yaml", "templates/package/README.md.hbs"])("%s as a link to a file outside: the run refuses it", async (file) => {
    scratch = copyRepo();
    const target = path.join(scratch.root, file);
    rmSync(target, { force: true });
    symlinkSync(outside, target);
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli(["--no-live"], scratch.root);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(1);
    expect(stderr.join("")).toContain(`${file}: no such file inside`);
    expect(stderr.join("")).not.toMatch(/^\s+at /m);
  });
});

/** The text of a provider's spec file, or "" when it has none (overlay.yaml is optional). */
const specText = (id: string, file: string) => {
  const full = path.join(repoRoot, "specs", id, file);
  return existsSync(full) ? readFileSync(full, "utf8") : "";
};
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The line that gives the stop operation its operationId in openapi.yaml (not added by the overlay). */
const operationIdLine = (id: string) => new RegExp(`^[ \\t-]*operationId: *["']?${escaped(readManifest(id).stopSession.operationId)}["']? *\\n`, "m");
const REF = /(\$ref: *["']?)#\/components\/schemas\/[\w.-]+/;

/**
 * Each breakage is made in the first provider whose files allow it (a spec with a top-level
 * `paths:`, a `$ref` to a schema, the stop operation's operationId, an overlay action), or skipped.
 */
const breakages = [
  {
    name: "bad YAML",
    file: "openapi.yaml",
    applies: (id: string) => /^paths:/m.test(specText(id, "openapi.yaml")),
    edit: (text: string) => text.replace(/^paths:/m, "paths: [unclosed"),
    want: (id: string) => new RegExp(`specs/${id}/openapi\\.yaml:\\d+: invalid YAML`),
  },
  {
    name: "unresolved $ref",
    file: "openapi.yaml",
    applies: (id: string) => REF.test(specText(id, "openapi.yaml")),
    edit: (text: string) => text.replace(REF, "$1#/components/schemas/Nope"),
    want: (id: string) => new RegExp(`specs/${id}/openapi\\.yaml:\\d+ .*lint error \\[(no-unresolved-refs|struct)\\]`),
  },
  {
    name: "lint error (no operationId)",
    file: "openapi.yaml",
    applies: (id: string) => operationIdLine(id).test(specText(id, "openapi.yaml")),
    edit: (text: string, id: string) => text.replace(operationIdLine(id), ""),
    want: (id: string) => new RegExp(`specs/${id}/openapi\\.yaml:\\d+ .*operation-operationId`),
  },
  {
    name: "a stale overlay target",
    file: "overlay.yaml",
    applies: (id: string) => typeof parse(specText(id, "overlay.yaml") || "{}")?.actions?.[0]?.target === "string",
    edit: (text: string) => {
      const overlay = parseDocument(text);
      overlay.setIn(["actions", 0, "target"], "$.paths['/agentstop-test/nowhere'].post");
      return overlay.toString();
    },
    want: (id: string) => new RegExp(`specs/${id}/overlay\\.yaml:\\d+ \\(at #/actions/0\\): target .* selects nothing`),
  },
].map((breakage) => ({ ...breakage, id: providerIds().find(breakage.applies) }));

describe("a broken spec fails clearly and leaves generated/ byte-for-byte as it was", () => {
  for (const { name, file, edit, want, id } of breakages) {
    it.skipIf(id === undefined)(
      id === undefined ? `${name} — skipped: no provider's ${file} allows this breakage` : `${name} (in ${id})`,
      async () => {
        if (id === undefined) return;
        scratch = copyRepo();
        const target = path.join(scratch.root, "specs", id, file);
        writeFileSync(target, edit(readFileSync(target, "utf8"), id));
        const before = hashTree(path.join(scratch.root, "generated"));
        const stderr: string[] = [];
        const write = process.stderr.write.bind(process.stderr);
        process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
        let code: number;
        try {
          code = await runCli([], scratch.root);
        } finally {
          process.stderr.write = write;
        }
        expect(code).toBe(1);
        expect(stderr.join("")).toMatch(want(id));
        expect(stderr.join("")).toContain("their files in generated/ were left as they were");
        expect(hashTree(path.join(scratch.root, "generated"))).toBe(before);
      },
      60_000,
    );
  }
});

describe("local $refs are resolved by own properties only", () => {
  it.each(["__proto__", "constructor", "toString", "missing"])("#/components/schemas/%s with no such schema is dangling", (name) => {
    const document = {
      components: { schemas: { A: { type: "object" } } },
      paths: { "/x": { get: { responses: { "200": { $ref: `#/components/schemas/${name}` } } } } },
    };
    expect(danglingLocalRef(document)).toEqual({ pointer: "#/paths/~1x/get/responses/200/$ref", ref: `#/components/schemas/${name}` });
    expect(danglingLocalRef({ ...document, paths: { "/x": { get: { responses: { "200": { $ref: "#/components/schemas/A" } } } } } })).toBeUndefined();
  });
});

describe("budgets, patterns and odd but legal specs", () => {
  const stopSpec = (parameters: string, extra = "", response = '{ "200": { description: ok } }') => `openapi: 3.1.0
info: { title: T, version: "1" }
servers: [{ url: "https://api.t.test" }]
security: [{ k: [] }]
tags: [{ name: t, description: t }]
paths:
  "/s/{sid}/stop":
    post:
      operationId: stop
      summary: s
      description: d
      tags: [t]
      parameters: ${parameters}
      responses: ${response}
components:
  securitySchemes: { k: { type: http, scheme: bearer, description: d } }
${extra}`;
  const sid = (schema: string) => `[{ name: sid, in: path, required: true, description: d, schema: ${schema} }]`;
  const manifest = (extra = "") =>
    `id: odd\ndisplayName: Odd\npackage: "@agentstop/odd"\nstopSession: { operationId: stop, effect: terminate, session: { in: path, name: sid }${extra} }\n`;

  it("a pattern the runtime's u flag cannot compile is refused at generate time, naming the place", async () => {
    scratch = copyRepo();
    writeProvider(scratch.root, "odd", stopSpec(sid('{ type: string, pattern: "^[a-z0-9\\\\_]+$" }')), manifest());
    const result = await generate(scratch.root, { only: "odd", live: false });
    expect(result.providers[0]?.ok).toBe(false);
    expect(result.providers[0]?.error?.message).toMatch(
      /specs\/odd\/openapi\.yaml \(at #\/paths\/~1s~1\{sid\}~1stop\/post\/parameters\): the pattern .* not a valid regular expression with the u flag/,
    );
  });

  it("a super-linear pattern is a warning in the summary and the matrix, and the client leaves it to the server", async () => {
    scratch = copyRepo();
    writeProvider(scratch.root, "odd", stopSpec(sid('{ type: string, pattern: "^(a+)+$" }')), manifest());
    const result = await generate(scratch.root, { only: "odd", live: false });
    expect(result.providers[0]?.ok).toBe(true);
    expect(result.providers[0]?.findings).toContainEqual(expect.objectContaining({ severity: "warn", ruleId: "super-linear-pattern" }));
    expect(result.files.get("generated/odd/src/client.ts")).not.toContain("(a+)+");
    const matrix = JSON.parse(result.files.get("generated/conformance.json") ?? "{}") as {
      providers: { id: string; cells: Record<string, { reason: string }> }[];
    };
    expect(matrix.providers.find((row) => row.id === "odd")?.cells.lint?.reason).toContain("super-linear-pattern");
  });

  it("a dangling $ref to #/components/schemas/__proto__ is refused with its place", async () => {
    scratch = copyRepo();
    const response = '{ "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/__proto__" } } } } }';
    writeProvider(scratch.root, "odd", stopSpec(sid("{ type: string }"), "  schemas: { A: { type: object } }\n", response), manifest());
    const result = await generate(scratch.root, { only: "odd", live: false });
    // Redocly's lint or, where its resolver is fooled, agentstop's own-property check: either way the file, line and place.
    const message = result.providers[0]?.error?.message ?? "";
    expect(message).toMatch(/^specs\/odd\/openapi\.yaml:\d+ \(at #\/paths\/[^)]*\): .*(names nothing in the spec|Can't resolve \$ref)/);
    expect(message).not.toContain("Cannot read properties");
  });

  it("a spec whose YAML aliases expand past limits.maxExpandedBytes is refused before anything is built", async () => {
    scratch = copyRepo();
    const anchor = `x-big: &big ["${"x".repeat(2000)}", "${"y".repeat(2000)}"]\nx-copies: [${Array.from({ length: 99 }, () => "*big").join(", ")}]\n`;
    writeProvider(scratch.root, "odd", stopSpec(sid("{ type: string }"), anchor), `${manifest()}limits: { maxExpandedBytes: 100000 }\n`);
    const started = performance.now();
    const result = await generate(scratch.root, { only: "odd", live: false });
    expect(result.providers[0]?.error?.message).toMatch(/specs\/odd\/openapi\.yaml: the spec expands to more than 100000 bytes .*limits\.maxExpandedBytes/);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it("a $ref fan-out the mock server would inline without end fails the live checks at once, with the reason", async () => {
    scratch = copyRepo();
    const levels = Array.from({ length: 8 }, (_, i) =>
      i === 7
        ? `    B${i}: { type: string }`
        : `    B${i}: { type: object, properties: { ${Array.from({ length: 10 }, (_, j) => `p${j}: { $ref: "#/components/schemas/B${i + 1}" }`).join(", ")} } }`,
    ).join("\n");
    const response = '{ "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/B0" } } } } }';
    writeProvider(
      scratch.root,
      "odd",
      stopSpec(sid("{ type: string }"), `  schemas:\n${levels}\n`, response).replace("components:\n  securitySchemes", "components:\n  securitySchemes"),
      manifest(),
    );
    const result = await generate(scratch.root, { only: "odd" });
    expect(result.providers[0]?.ok).toBe(false);
    expect(result.providers[0]?.error?.message).toMatch(/grow past 1,000,000 nodes once their \$refs are inlined/);
  });

  it("a session parameter in both the path and the query is refused until mapped, then sent in both places", async () => {
    scratch = copyRepo();
    const both =
      "[{ name: sid, in: path, required: true, description: d, schema: { type: string } }, { name: sid, in: query, required: true, description: d, schema: { type: string } }]";
    writeProvider(scratch.root, "odd", stopSpec(both), manifest());
    const refused = await generate(scratch.root, { only: "odd", live: false });
    expect(refused.providers[0]?.error?.message).toMatch(/requires query parameter "sid", which the stop mapping does not cover/);
    writeProvider(scratch.root, "odd", stopSpec(both), manifest(", inputs: [{ in: query, name: sid, input: sidInQuery }]"));
    const mapped = await generate(scratch.root, { only: "odd", live: false });
    expect(mapped.providers[0]?.error?.message ?? "ok").toBe("ok");
    expect(mapped.files.get("generated/odd/src/client.ts")).toContain('path: { "sid": input.sessionId }, query: { "sid": input.sidInQuery }');
  });
});

describe("work folders are removed on every exit path", () => {
  it("Ctrl-C during the live checks removes the live check's folder and exits 130", async () => {
    scratch = copyRepo();
    const [seed] = providerIds(scratch.root);
    if (!seed) throw new Error("no provider under specs/");
    // A copy of a provider under a name no other test uses, so its live folder is recognisable.
    const id = "sigint-probe";
    cpSync(path.join(scratch.root, "specs", seed), path.join(scratch.root, "specs", id), { recursive: true });
    const manifestFile = path.join(scratch.root, "specs", id, "provider.yaml");
    writeFileSync(
      manifestFile,
      readFileSync(manifestFile, "utf8")
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^package: .*$/m, `package: "@agentstop/${id}"`)
        .replace(/^typeName: .*$/m, "typeName: SigintProbe"),
    );
    const liveDir = path.join(repoRoot, "node_modules/.cache/agentstop/live");
    const ours = () => (existsSync(liveDir) ? readdirSync(liveDir).filter((entry) => entry.startsWith(`${id}-`)) : []);
    const child = spawn(process.execPath, [bin, "--root", scratch.root, "--only", id, "--force"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (ours().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ours().length, "the live checks started").toBeGreaterThan(0);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(ours()).toEqual([]);
  }, 90_000);
});
