import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { runCli } from "../generator/cli.js";
import { generate } from "../generator/pipeline.js";
import { providerIds, readManifest } from "./helpers/providers.js";
import { copyRepo, hashTree, repoRoot } from "./helpers/repo.js";

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
