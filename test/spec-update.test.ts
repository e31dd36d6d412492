import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Page, startPageServer } from "./helpers/page-server.js";
import { fixtureFile, useFixtureProviders } from "./helpers/providers.js";
import { copyRepo, hashTree, repoRoot } from "./helpers/repo.js";
import { bin, type Ran, runBin } from "./helpers/run-bin.js";

/**
 * The spec-update loop on 127.0.0.1: upstream pages are served by a node:http server, and the
 * commands run as `npm run …` runs them (generator/bin.mjs, a separate process) against a scratch
 * copy of the repository that is its own git repository. The providers of that copy are the seed
 * fixtures (test/fixtures/seeds), not specs/: the scenarios below are written for those pages.
 */
const OLD_HEYGEN_PATH = "/v3/video-agents/sessions/{session_id}/stop";
const NEW_HEYGEN_PATH = "/v3/video-agents/{session_id}/stop";
const seed = (id: string) => fixtureFile(id, "upstream.md");

const run = runBin;

const git = (root: string, ...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A scratch repository of the seed fixtures whose upstream URLs point at `base`, generated and committed. */
async function scratchRepository(base: string, edit: (root: string) => void = () => {}): Promise<{ root: string; cleanup: () => void; ids: string[] }> {
  const scratch = copyRepo();
  const ids = useFixtureProviders(scratch.root);
  for (const id of ids) {
    const file = path.join(scratch.root, "specs", id, "provider.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^( {2}url: ).*$/m, `$1${base}/${id}.md`));
  }
  edit(scratch.root);
  const generated = await run(["--root", scratch.root]);
  if (generated.code !== 0) throw new Error(generated.stderr);
  git(scratch.root, "init", "-q", "-b", "main");
  git(scratch.root, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "add", "-A");
  git(scratch.root, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "baseline");
  return { ...scratch, ids };
}

const versionOf = (root: string, id: string) => JSON.parse(readFileSync(path.join(root, `generated/${id}/package.json`), "utf8")).version as string;

describe("the whole loop: HeyGen moves its stop path upstream", () => {
  const pages = new Map<string, Page>();
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let scratch: Awaited<ReturnType<typeof scratchRepository>>;
  let sync: Ran;
  let body: Ran;
  const versions = new Map<string, string>();
  const report = path.join(tmpdir(), `agentstop-sync-report-${process.pid}.json`);

  beforeAll(async () => {
    server = await startPageServer(pages);
    // The baseline is HeyGen as it was before the move: the old path, released as 0.1.0 (a new
    // package in the scratch repository).
    scratch = await scratchRepository(server.url, (root) => {
      for (const file of ["openapi.yaml", "upstream.md"]) {
        const full = path.join(root, "specs/heygen", file);
        writeFileSync(full, readFileSync(full, "utf8").replaceAll(NEW_HEYGEN_PATH, OLD_HEYGEN_PATH));
      }
    });
    for (const id of scratch.ids) {
      pages.set(`/${id}.md`, { body: seed(id) });
      versions.set(id, versionOf(scratch.root, id));
    }
    // Upstream now publishes the page as it is today: the new path.
    sync = await run(["sync", "--root", scratch.root, "--report", report]);
    body = await run(["pr-body", "--root", scratch.root, "--sync-report", report], scratch.root);
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    scratch?.cleanup();
    rmSync(report, { force: true });
  });

  it("sync imports the edited page, leaves the overlay alone and regenerates", async () => {
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/↻ heygen\s+updated/);
    for (const id of scratch.ids.filter((other) => other !== "heygen")) expect(sync.stderr).toMatch(new RegExp(`✓ ${id}\\s+unchanged`));
    expect(readFileSync(path.join(scratch.root, "specs/heygen/openapi.yaml"), "utf8")).toBe(fixtureFile("heygen", "openapi.yaml"));
    expect(git(scratch.root, "status", "--porcelain", "specs/")).not.toMatch(/overlay\.yaml|provider\.yaml/);
  });

  it("the HeyGen package is a major release with a CHANGELOG entry naming the move", async () => {
    expect(versions.get("heygen")).toBe("0.1.0");
    expect(versionOf(scratch.root, "heygen")).toBe("1.0.0");
    const changelog = readFileSync(path.join(scratch.root, "generated/heygen/CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(
      /## 1\.0\.0\n\nRegenerated from .*: a major release\.\n\n### Breaking changes\n\n- POST \/v3\/video-agents\/sessions\/\{session\\_id\}\/stop: path /,
    );
    expect(changelog).toContain("## 0.1.0");
    expect(readFileSync(path.join(scratch.root, "generated/heygen/src/client.ts"), "utf8")).toContain(`"${NEW_HEYGEN_PATH}"`);
    for (const id of scratch.ids.filter((other) => other !== "heygen")) expect(versionOf(scratch.root, id), id).toBe(versions.get(id));
  });

  it("pr-body lists the bump, the breaking change and the conformance cells that moved", async () => {
    expect(body.code, body.stderr).toBe(0);
    const text = body.stdout;
    expect(text).toContain("| HeyGen Video Agents | 0.1.0 → 1.0.0 | **major (breaking)** | 1 |");
    expect(text).toContain("**Breaking changes**");
    expect(text).toMatch(/path \/v3\/video-agents\/sessions\/\{session\\_id\}\/stop → \/v3\/video-agents\/\{session\\_id\}\/stop — \*path changed\*/);
    expect(text).toContain(
      "| Method and path shape | ✅ action-post: POST /v3/video-agents/sessions/{session\\_id}/stop | ✅ action-post: POST /v3/video-agents/{session\\_id}/stop |",
    );
    expect(text).not.toContain("Pipecat");
    mkdirSync(path.join(repoRoot, "test-results"), { recursive: true });
    writeFileSync(path.join(repoRoot, "test-results", "heygen-pr-body.md"), text);
  });

  it("generate --check is clean afterwards", async () => {
    const check = await run(["--check", "--root", scratch.root]);
    expect(check.code, check.stderr).toBe(0);
  });
});

describe("sync when upstream misbehaves", () => {
  const pages = new Map<string, Page>();
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let scratch: Awaited<ReturnType<typeof scratchRepository>>;
  const before = new Map<string, string>();

  beforeAll(async () => {
    server = await startPageServer(pages);
    scratch = await scratchRepository(server.url, (root) => {
      // Foundry's upstream is a port nobody listens on: a network failure.
      const file = path.join(root, "specs/foundry/provider.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^( {2}url: ).*$/m, "$1http://127.0.0.1:9/foundry.md"));
      // TrueFoundry's pages are capped at 5 MiB by its manifest (the default is 16 MiB).
      const truefoundry = path.join(root, "specs/truefoundry/provider.yaml");
      writeFileSync(truefoundry, `${readFileSync(truefoundry, "utf8")}limits:\n  maxSpecBytes: 5242880\n`);
    });
    for (const id of scratch.ids) before.set(id, hashTree(path.join(scratch.root, "specs", id)));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    scratch?.cleanup();
  });

  it("a refused connection, a 500, an oversized page and a page without a spec are reported; the edited one still syncs", async () => {
    pages.set("/notte.md", { status: 500, body: "upstream is down" });
    pages.set("/truefoundry.md", { body: Buffer.alloc(6 * 1024 * 1024, "a") });
    pages.set("/pipecat.md", { body: "# Stop an agent session\n\nThe reference moved; no OpenAPI here.\n" });
    pages.set("/heygen.md", { body: seed("heygen").replace("description: Production", "description: Production (global)") });
    const result = await run(["sync", "--root", scratch.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ foundry\s+failed: http:\/\/127\.0\.0\.1:9\/foundry\.md: could not fetch/);
    expect(result.stderr).toMatch(/✗ notte\s+failed: .*HTTP 500/);
    expect(result.stderr).toMatch(/✗ truefoundry\s+failed: .*larger than 5242880 bytes/);
    expect(result.stderr).toMatch(/✗ pipecat\s+failed: .*no fenced OpenAPI block/);
    expect(result.stderr).toMatch(/↻ heygen\s+updated/);
    for (const id of ["foundry", "notte", "truefoundry", "pipecat"]) expect(hashTree(path.join(scratch.root, "specs", id)), id).toBe(before.get(id));
    expect(versionOf(scratch.root, "heygen")).toBe("0.1.1");
  }, 120_000);

  it("redirects: followed on the upstream's origin, refused to another host, with the page left as it was", async () => {
    const notte = hashTree(path.join(scratch.root, "specs/notte"));
    // 127.0.0.2 is loopback too, but not the upstream's origin: a redirect there is not followed.
    pages.set("/notte.md", { status: 302, body: "", location: "http://127.0.0.2:9/elsewhere.md" });
    const refused = await run(["sync", "--only", "notte", "--root", scratch.root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/✗ notte\s+failed: .*redirect to http:\/\/127\.0\.0\.2:9 refused: not the upstream's origin/);
    expect(hashTree(path.join(scratch.root, "specs/notte"))).toBe(notte);
    // The same origin is followed: the page moved, its spec did not change.
    pages.set("/notte.md", { status: 301, body: "", location: "/moved/notte.md" });
    pages.set("/moved/notte.md", { body: seed("notte") });
    const followed = await run(["sync", "--only", "notte", "--root", scratch.root]);
    expect(followed.stderr).toMatch(/✓ notte\s+unchanged/);
    expect(hashTree(path.join(scratch.root, "specs/notte"))).toBe(notte);
  }, 120_000);

  /** Runs sync and kills it (SIGKILL: no clean-up runs) the moment it reports `stage`. */
  const killAt = (stage: string) =>
    new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [bin, "sync", "--only", "heygen", "--root", scratch.root], {
        env: { ...process.env, AGENTSTOP_SYNC_STAGES: "1" },
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 120_000,
      });
      let log = "";
      child.stderr.on("data", (chunk: Buffer) => {
        log += chunk.toString("utf8");
        if (log.includes(`sync stage: ${stage}\n`)) child.kill("SIGKILL");
      });
      child.on("close", () => resolve(log));
    });

  it.each(["fetched", "staged", "generated"])(
    "killed at stage %s: specs/ and generated/ are exactly as before",
    async (stage) => {
      pages.set("/heygen.md", { body: seed("heygen").replace("description: Production", `description: Production (killed at ${stage})`) });
      const specs = hashTree(path.join(scratch.root, "specs"));
      const generated = hashTree(path.join(scratch.root, "generated"));
      const log = await killAt(stage);
      expect(log).toContain(`sync stage: ${stage}`);
      expect(log).not.toContain("sync stage: swapped");
      expect(hashTree(path.join(scratch.root, "specs"))).toBe(specs);
      expect(hashTree(path.join(scratch.root, "generated"))).toBe(generated);
    },
    120_000,
  );

  it("a new spec that no longer generates is put back, and the failure says why", async () => {
    const heygen = hashTree(path.join(scratch.root, "specs/heygen"));
    pages.set("/heygen.md", { body: seed("heygen").replace("operationId: stopVideoAgentSession", "summary2: no id") });
    const result = await run(["sync", "--only", "heygen", "--root", scratch.root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ heygen\s+failed: the new spec does not generate \(kept the old one\): .*operationId/);
    expect(hashTree(path.join(scratch.root, "specs/heygen"))).toBe(heygen);
    expect((await run(["--check", "--root", scratch.root])).code).toBe(0);
  }, 120_000);
});

describe("npm run agentstop -- import", () => {
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let scratch: { root: string; cleanup: () => void };

  beforeAll(async () => {
    server = await startPageServer(new Map([["/docs/cancel.md", { body: seed("truefoundry") }]]));
    // The seed fixtures only, so "harness" and "acme" are new providers and "foundry" is the seed.
    scratch = copyRepo();
    useFixtureProviders(scratch.root);
  });
  afterAll(async () => {
    await server?.close();
    scratch?.cleanup();
  });

  it("a new provider from a docs page URL: the block byte for byte, a proposed provider.yaml and overlay, and it generates", async () => {
    const harness = "harness";
    const result = await run(["import", `${server.url}/docs/cancel.md`, "--provider", harness, "--root", scratch.root]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("New provider: provider.yaml was proposed. Guessed:");
    expect(result.stderr).toContain("operationId: cancelSession, added by overlay.yaml");
    expect(result.stderr).toMatch(/1\. score \d+: POST \/v1\/agents\/sessions\/\{sessionId\}\/cancel \(no operationId\)/);
    const dir = path.join(scratch.root, "specs", harness);
    expect(readFileSync(path.join(dir, "openapi.yaml"), "utf8")).toBe(fixtureFile("truefoundry", "openapi.yaml"));
    expect(parse(readFileSync(path.join(dir, "provider.yaml"), "utf8"))).toMatchObject({
      id: harness,
      upstream: { url: `${server.url}/docs/cancel.md`, format: "markdown-openapi-block" },
      stopSession: { operationId: "cancelSession", effect: "cancel-turn", session: { in: "path", name: "sessionId" } },
    });
    const generated = await run(["--only", harness, "--no-live", "--root", scratch.root]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(readFileSync(path.join(scratch.root, "generated", harness, "src/client.ts"), "utf8")).toContain("cancelSession");
  }, 60_000);

  it("a raw OpenAPI document is copied byte for byte; the Foundry table page gives the committed spec", async () => {
    const raw = path.join(scratch.root, "acme.json");
    const document = `{\n  "openapi": "3.0.3",\n  "info": { "title": "Acme", "version": "1" },\n  "paths": { "/sessions/{session_id}": { "delete": { "operationId": "deleteSession", "parameters": [{ "name": "session_id", "in": "path", "required": true, "schema": { "type": "string" } }], "responses": { "204": { "description": "gone" } } } } }\n}\n`;
    writeFileSync(raw, document);
    const acme = "acme";
    const imported = await run(["import", raw, "--provider", acme, "--root", scratch.root]);
    expect(imported.code, imported.stderr).toBe(0);
    // A JSON document stays JSON: openapi.json, byte for byte.
    expect(readFileSync(path.join(scratch.root, "specs", acme, "openapi.json"), "utf8")).toBe(document);
    expect(existsSync(path.join(scratch.root, "specs", acme, "openapi.yaml"))).toBe(false);
    expect(imported.stderr).toContain("stop operation: deleteSession (DELETE /sessions/{session_id})");
    // A local file is not something sync can fetch: no upstream.url.
    expect(parse(readFileSync(path.join(scratch.root, "specs/acme/provider.yaml"), "utf8")).upstream).toEqual({ format: "openapi" });

    const table = path.join(scratch.root, "foundry-page.md");
    writeFileSync(table, seed("foundry"));
    const again = await run(["import", table, "--provider", "foundry", "--root", scratch.root]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/unchanged specs\/foundry\/openapi\.yaml/);
  });

  it("an unseen spec from a file, with --upstream: the ranked candidates, each guess, and it generates", async () => {
    const file = path.join(repoRoot, "test/fixtures/import/delete-vs-stop.yaml");
    const result = await run(["import", file, "--provider", "host", "--upstream", "https://host.test/openapi.yaml", "--root", scratch.root]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Candidates for the stop operation, best first \(by score; ties: a non-destructive stop first, .*\):/);
    expect(result.stderr).toMatch(/\n {2}1\. score \d+: POST \/agents\/\{agent_id\}\/sessions\/\{session_id\}:stop \(stopSession\) — /);
    expect(result.stderr).toMatch(/\n {2}2\. score \d+: DELETE \/agents\/\{agent_id\}\/sessions\/\{session_id\} \(deleteSession\) — .*destructive/);
    expect(result.stderr).toMatch(/- stop operation: stopSession .*runner-up DELETE .*deletes the session resource \(and its data\)/);
    expect(result.stderr).toContain("- agent: path agent_id");
    const manifest = parse(readFileSync(path.join(scratch.root, "specs/host/provider.yaml"), "utf8"));
    expect(manifest.upstream).toEqual({ url: "https://host.test/openapi.yaml", format: "openapi" });
    const generated = await run(["--only", "host", "--no-live", "--root", scratch.root]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(readFileSync(path.join(scratch.root, "generated/host/src/client.ts"), "utf8")).toContain("stopSession");
  }, 60_000);

  it("a spec with nothing to stop: the folder is written with a needs-edit provider.yaml (exit 0), which generate refuses", async () => {
    const file = path.join(repoRoot, "test/fixtures/import/no-stop.yaml");
    const result = await run(["import", file, "--provider", "things", "--root", scratch.root]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/wrote {5}specs\/things\/openapi\.yaml/);
    expect(result.stderr).toMatch(/wrote {5}specs\/things\/provider\.yaml/);
    expect(result.stderr).toContain("provider.yaml NEEDS AN EDIT");
    for (const field of ["stopSession.operationId", "stopSession.session", "stopSession.effect"]) expect(result.stderr).toContain(`  - ${field}: `);
    const generated = await run(["--only", "things", "--no-live", "--root", scratch.root]);
    expect(generated.code).toBe(1);
    expect(generated.stderr).toMatch(/needs an edit[\s\S]*stopSession\.operationId/);
  }, 60_000);

  it("exit codes: 1 when nothing could be written, 2 for bad usage", async () => {
    const missing = await run(["import", "nope.md", "--provider", "x", "--root", scratch.root]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/import failed: nope\.md: no such file/);
    const junk = path.join(scratch.root, "junk.md");
    writeFileSync(junk, "# Hello\n\nNothing here.\n");
    const nothing = await run(["import", junk, "--provider", "x", "--root", scratch.root]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/junk\.md: not an OpenAPI document, a page with an OpenAPI block, or a table-style reference page/);
    const badId = await run(["import", junk, "--provider", "Bad_Id", "--root", scratch.root]);
    expect([badId.code, badId.stderr]).toEqual([2, expect.stringMatching(/provider id "Bad_Id"/)]);
    const badUpstream = await run(["import", junk, "--provider", "x", "--upstream", "ftp://x", "--root", scratch.root]);
    expect([badUpstream.code, badUpstream.stderr]).toEqual([2, expect.stringMatching(/--upstream ftp:\/\/x: an http\(s\) URL/)]);
    expect((await run(["import", junk, "--provider", "x", "--bogus", "--root", scratch.root])).code).toBe(2);
    expect((await run(["import", "--root", scratch.root])).code).toBe(2);
  });
});
