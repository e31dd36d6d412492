// The README's promise, end to end: on a fresh copy of the repository, a provider the suite has
// never seen is added by the README's own commands (install, import, generate), and then the CI
// entry point (`bash .ci/run`: npm ci, npm test) passes there. The nested run skips this file.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/repo.js";

const NESTED = process.env.AGENTSTOP_NESTED_CI === "1";
const PROVIDER = "lumen";
const clone = NESTED ? "" : mkdtempSync(path.join(tmpdir(), "agentstop-readme-"));

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

/** A fresh clone of the working tree: tracked and new (not ignored) files, committed in a new repository. */
function freshClone(): void {
  const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    const from = path.join(repoRoot, file);
    const to = path.join(clone, file);
    mkdirSync(path.dirname(to), { recursive: true });
    try {
      copyFileSync(from, to);
    } catch {
      // a tracked file deleted in the working tree
    }
  }
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=ci@agentstop.test", "-c", "user.name=ci", "commit", "-qm", "fresh clone");
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: clone, encoding: "utf8" });
}

/** Runs a shell command in the clone; resolves with its exit code and the tail of its output. */
function sh(command: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", command], { cwd: clone, env: { ...process.env, ...env }, timeout: 14 * 60_000 });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe.skipIf(NESTED)("adding a provider by the README, on a fresh clone", () => {
  it(
    "install, import, generate: only the new provider's files change, and bash .ci/run passes",
    async () => {
      freshClone();
      const install = await sh("npm ci --no-audit --no-fund --prefer-offline");
      expect(install.code, install.output).toBe(0);

      // README, "Adding a provider", step 1: import the provider's document.
      const imported = await sh(`npm run agentstop -- import test/fixtures/readme-provider/openapi.yaml --provider ${PROVIDER}`);
      expect(imported.code, imported.output).toBe(0);
      const manifest = readFileSync(path.join(clone, "specs", PROVIDER, "provider.yaml"), "utf8");
      expect(manifest).toContain("operationId: stopAgentSession");

      // Step 3: generate. No code change and no list to edit.
      const generated = await sh("npm run generate");
      expect(generated.code, generated.output).toBe(0);
      const changed = git("status", "--porcelain", "--untracked-files=all")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.slice(3));
      const outside = changed.filter(
        (file) =>
          !file.startsWith(`specs/${PROVIDER}/`) &&
          !file.startsWith(`generated/${PROVIDER}/`) &&
          // The umbrella package gains the provider: its table, its README, its dependencies, its release.
          !file.startsWith("generated/agentstop/") &&
          !/^generated\/(conformance\.(json|html)|CONFORMANCE\.md)$/.test(file),
      );
      // In particular package.json and package-lock.json are untouched: CI's `npm ci` keeps working.
      expect(outside).toEqual([]);
      expect(changed).toContain(`generated/${PROVIDER}/src/client.ts`);

      git("add", "-A");
      git("-c", "user.email=ci@agentstop.test", "-c", "user.name=ci", "commit", "-qm", `Add ${PROVIDER}`);
      const ci = await sh("bash .ci/run", { CI: "true", AGENTSTOP_NESTED_CI: "1" });
      expect(ci.code, ci.output).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the runner's colours
      expect(ci.output.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/Tests\s+\d+ passed/);
    },
    15 * 60_000,
  );
});
