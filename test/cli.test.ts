// The CLI as `npm run generate` runs it: a separate process through generator/bin.mjs (the
// transpiled generator, the emit worker), its exit codes, and what it prints where.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listOwnedFiles } from "../generator/write/generated-tree.js";
import { providerIds } from "./helpers/providers.js";
import { copyRepo, repoRoot } from "./helpers/repo.js";
import { runBin } from "./helpers/run-bin.js";

const ids = providerIds();
// The hand edits below land in up to three providers; with fewer, several land in one.
const [first = "", second = first, third = second] = ids;

const generateCli = (...args: string[]) => runBin(args);

const scratch = copyRepo();
afterAll(() => scratch.cleanup());

describe("npm run generate (generator/bin.mjs)", () => {
  it("--check on the committed tree: exit 0, a summary row per provider on stderr, nothing on stdout", async () => {
    const { code, stdout, stderr } = await generateCli("--check");
    expect(code).toBe(0);
    expect(stdout).toBe("");
    for (const id of ids) {
      const files = listOwnedFiles(repoRoot, [`generated/${id}`]).length;
      expect(stderr).toMatch(new RegExp(`^✓ ${id}\\s+\\d+\\s+0\\s+\\d+\\s+${files}\\s+\\d+ ms  \\d+\\.\\d+\\.\\d+$`, "m"));
    }
    expect(stderr).toContain(`generated/ is up to date (${listOwnedFiles(repoRoot, ["generated"]).length} files)`);
  });

  it("--check lists every stale, missing and extra file and exits 1; generate then repairs them", async () => {
    appendFileSync(path.join(scratch.root, `generated/${first}/README.md`), "\nedited by hand\n");
    writeFileSync(path.join(scratch.root, `generated/${second}/src/stray.ts`), "export {};\n");
    rmSync(path.join(scratch.root, `generated/${third}/CHANGELOG.md`));

    const check = await generateCli("--check", "--root", scratch.root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`stale    generated/${first}/README.md`);
    expect(check.stderr).toContain(`missing  generated/${third}/CHANGELOG.md`);
    expect(check.stderr).toContain(`extra    generated/${second}/src/stray.ts`);
    expect(check.stderr).toContain("3 file(s) out of date");

    const write = await generateCli("--root", scratch.root);
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(new RegExp(`wrote 2, removed 1, unchanged ${listOwnedFiles(repoRoot, ["generated"]).length - 2} in \\d+\\.\\d\\d s`));
    expect((await generateCli("--check", "--root", scratch.root)).code).toBe(0);
  });

  it.each([
    { args: ["--only", "nope"], code: 2, want: "--only nope: no such provider (known: " },
    { args: ["import", "--help"], code: 0, want: "usage: npm run agentstop -- import" },
    { args: ["import", "--bogus", "x"], code: 2, want: "Unknown option '--bogus'" },
    { args: ["sync", "--help"], code: 0, want: "usage: npm run sync" },
    { args: ["sync", "--bogus"], code: 2, want: "Unknown option '--bogus'" },
    { args: ["sync", "--only", "nope"], code: 2, want: "--only nope: no such provider" },
    { args: ["pr-body", "--base", "no-such-ref-anywhere"], code: 2, want: "--base no-such-ref-anywhere: not a commit in this repository" },
    { args: ["check-versions", "--help"], code: 0, want: "usage: npm run agentstop -- check-versions" },
    { args: ["--frobnicate"], code: 2, want: "usage: npm run generate" },
    { args: ["--help"], code: 0, want: "--only <ids>" },
  ])("$args exits $code", async ({ args, code, want }) => {
    const result = await generateCli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(want);
    expect(result.stderr).not.toMatch(/^\s+at /m); // never a stack trace
  });
});

describe("reporters", () => {
  const broken = copyRepo();
  afterAll(() => broken.cleanup());
  const [id = ""] = ids;
  const spec = path.join(broken.root, "specs", id, "openapi.yaml");
  writeFileSync(spec, `${readFileSync(spec, "utf8")}\nbroken: [\n`);

  it("json: one document on stdout with every provider, the failure's file and line, and the exit code", async () => {
    const { code, stdout } = await generateCli("--check", "--no-live", "--reporter", "json", "--root", broken.root);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      exitCode: number;
      gateMs: number;
      providers: { id: string; ok: boolean; error?: { kind?: string; file?: string; line?: number } }[];
    };
    expect(report.exitCode).toBe(1);
    expect(report.gateMs).toBeGreaterThanOrEqual(0);
    expect(report.providers.map((provider) => provider.id)).toEqual(ids);
    expect(report.providers.find((provider) => provider.id === id)).toMatchObject({
      ok: false,
      error: { kind: "SpecError", file: `specs/${id}/openapi.yaml`, line: expect.any(Number) },
    });
    expect(report.providers.filter((provider) => provider.id !== id).every((provider) => provider.ok)).toBe(true);
  });

  it("github: workflow annotations on stdout, with file and line", async () => {
    const { code, stdout } = await generateCli("--check", "--no-live", "--reporter", "github", "--root", broken.root);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      new RegExp(`^::error file=specs/${id}/openapi\\.yaml,line=\\d+::${id}%3A|^::error file=specs/${id}/openapi\\.yaml,line=\\d+::${id}: `, "m"),
    );
    expect(
      stdout
        .split("\n")
        .filter(Boolean)
        .every((line) => /^::(error|warning) file=/.test(line)),
    ).toBe(true);
  });

  it("an unknown reporter is bad usage", async () => {
    const { code, stderr } = await generateCli("--reporter", "xml", "--root", broken.root);
    expect(code).toBe(2);
    expect(stderr).toContain("--reporter xml: use one of human, json, github");
  });
});
