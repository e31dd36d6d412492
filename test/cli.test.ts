// The CLI as `npm run generate` runs it: a separate process through generator/bin.mjs (the
// transpiled generator, the emit worker), its exit codes, and what it prints where.
import { appendFileSync, rmSync, writeFileSync } from "node:fs";
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
    { args: ["--only", "nope"], code: 1, want: "specs/nope: no such provider (known: " },
    { args: ["--frobnicate"], code: 2, want: "usage: npm run generate" },
    { args: ["--help"], code: 0, want: "--only <id>" },
  ])("$args exits $code", async ({ args, code, want }) => {
    const result = await generateCli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(want);
  });
});
