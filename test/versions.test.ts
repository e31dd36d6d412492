// Versions follow what is published: a generator change that alters a package's published files
// bumps its version with a CHANGELOG entry saying why, and check-versions fails when the published
// files change under an unchanged version.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { providerIds } from "./helpers/providers.js";
import { copyRepo } from "./helpers/repo.js";
import { runBin } from "./helpers/run-bin.js";

const scratch = copyRepo();
afterAll(() => scratch.cleanup());
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@agentstop.test", "-c", "user.name=t", ...args], { cwd: scratch.root, encoding: "utf8" });
const version = (id: string) => (JSON.parse(readFileSync(path.join(scratch.root, "generated", id, "package.json"), "utf8")) as { version: string }).version;
const bump = (v: string) => v.replace(/(\d+)$/, (patch) => String(Number(patch) + 1));

describe("versions follow the published files", () => {
  const ids = providerIds(scratch.root);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "base");

  it("a deliberate generator change (a template) bumps every package it changes, and says why", async () => {
    const before = new Map(ids.map((id) => [id, version(id)]));
    appendFileSync(path.join(scratch.root, "templates/package/README.md.hbs"), "\nStopping is safe to retry.\n");
    const generated = await runBin(["--root", scratch.root, "--no-live"]);
    expect(generated.code, generated.stderr).toBe(0);
    for (const id of ids) {
      expect(version(id), id).toBe(bump(before.get(id) as string));
      const changelog = readFileSync(path.join(scratch.root, "generated", id, "CHANGELOG.md"), "utf8");
      expect(changelog, id).toContain(`## ${version(id)}`);
      expect(changelog, id).toContain("README.md regenerated");
    }
    const checked = await runBin(["check-versions", "--root", scratch.root]);
    expect(checked.code, checked.stderr).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "regenerated");
  }, 120_000);

  it("check-versions fails when published files change but the version does not, naming the package and the files", async () => {
    const [id] = ids;
    writeFileSync(path.join(scratch.root, "generated", id as string, "dist/client.js"), "// edited by hand\n");
    const checked = await runBin(["check-versions", "--root", scratch.root]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`✗ ${id} ${version(id as string)}: published files changed since HEAD but the version did not: dist/client.js`);
    // The generator repairs the hand edit rather than releasing it: the recorded hash still matches.
    const repaired = await runBin(["--root", scratch.root, "--no-live"]);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect((await runBin(["check-versions", "--root", scratch.root])).code).toBe(0);
    expect(git("status", "--porcelain")).toBe("");
  }, 120_000);

  it("check-versions refuses a bad ref with exit 2", async () => {
    const checked = await runBin(["check-versions", "--base", "no-such-ref", "--root", scratch.root]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain("check-versions: cannot read no-such-ref");
  });
});
