// Providers the seeds never showed (test/fixtures/providers/<shape>/): each goes through the README's
// path with no code change — import → generate (lint, compile gate, live checks against Prism) →
// packed package compiled and run by an outside project. The shapes: a constant-body update, a PATCH
// with an action field, an `id` parameter, an integer id with two scoping path parameters, a
// required api-version query, OpenAPI 3.0 with `nullable`, OpenAPI 3.2, and a 300-operation 3 MB
// single-line JSON spec where a destructive DELETE competes with the real stop.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sampleValue } from "../generator/conformance/live/exchange.js";
import type { MatrixDocument } from "../generator/conformance/matrix.js";
import { pascalCase } from "../generator/model/identifiers.js";
import { credentials, stopInput } from "./helpers/clients.js";
import { writeConsumerTsconfig } from "./helpers/consumer-project.js";
import { readProvider } from "./helpers/providers.js";
import { startRecordingServer } from "./helpers/recording-server.js";
import { copyRepo, repoRoot } from "./helpers/repo.js";
import { runBin } from "./helpers/run-bin.js";

const run = promisify(execFile);
const fixturesDir = path.join(repoRoot, "test/fixtures/providers");
const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const specOf = (name: string) => {
  const file = readdirSync(path.join(fixturesDir, name)).find((entry) => /^openapi\.(ya?ml|json)$/.test(entry));
  if (!file) throw new Error(`test/fixtures/providers/${name} has no openapi.yaml or openapi.json`);
  return path.join(fixturesDir, name, file);
};

const scratch = copyRepo();
const consumer = mkdtempSync(path.join(tmpdir(), "agentstop-fixtures-"));
let generateOutput = "";
afterAll(() => {
  scratch.cleanup();
  rmSync(consumer, { recursive: true, force: true });
});

beforeAll(async () => {
  for (const name of fixtures) {
    const imported = await runBin(["import", specOf(name), "--provider", name, "--root", scratch.root]);
    if (imported.code !== 0) throw new Error(`import of ${name} failed:\n${imported.stderr}`);
  }
  const generated = await runBin(["--root", scratch.root]);
  generateOutput = generated.stderr;
  if (generated.code !== 0) throw new Error(`generate failed:\n${generated.stderr}`);
}, 300_000);

describe.each(fixtures)("unseen provider %s", (name) => {
  it("import proposes a complete manifest (nothing left to edit)", () => {
    const manifest = parse(readFileSync(path.join(scratch.root, "specs", name, "provider.yaml"), "utf8")) as Record<string, unknown>;
    expect(manifest.needsEdit).toBeUndefined();
    expect(manifest.upstream).toEqual({ format: "openapi" }); // a local file: no url
  });

  it("generates (lint, compile gate, live checks) and the mock server accepts the client's stop request", () => {
    expect(generateOutput).toMatch(new RegExp(`^✓ ${name}\\s`, "m"));
    const matrix = JSON.parse(readFileSync(path.join(scratch.root, "generated/conformance.json"), "utf8")) as MatrixDocument;
    const row = matrix.providers.find((candidate) => candidate.id === name);
    expect(row?.cells["live-request-accepted"]?.status).toBe("pass");
    expect(row?.cells["operation-mapped"]?.status).toBe("pass");
  });
});

describe("the unseen providers' stop mappings, as their specs say (read from each fixture by hand)", () => {
  const client = (name: string) => readFileSync(path.join(scratch.root, "generated", name, "src/client.ts"), "utf8");
  it.each(
    [
      { name: "status-release", want: 'body: { "status": "REQUEST_RELEASE" }' },
      { name: "patch-action", want: 'body: { "action": "stop" }' },
      { name: "plain-id", want: 'path: { "id": input.sessionId }, query: {}, header: {}' },
      { name: "integer-scoped", want: '"session_number": input.sessionId, "owner": input.owner, "repo": input.repo' },
      { name: "oas30-nullable", want: 'query: { "session_id": input.sessionId }, header: { "X-Workspace-Id": input.workspaceId }' },
      { name: "oas32", want: 'header: { "X-Session-Id": input.sessionId }' },
      { name: "large-competing", want: "stopSession: (...[init]) => invoke(context, stopContract, init)" }, // stop_session (POST …:stop), not delete_session
      { name: "id-in-body", want: 'body: { "session_id": input.sessionId }' },
    ].filter(({ name }) => fixtures.includes(name)),
  )("$name sends $want", ({ name, want }) => {
    expect(client(name)).toContain(want);
  });

  it.skipIf(!fixtures.includes("status-release"))(
    "the package README says what every stop sends (and the CHANGELOG reason quotes that line when it changes)",
    () => {
      const readme = readFileSync(path.join(scratch.root, "generated/status-release/README.md"), "utf8");
      expect(readme).toContain('always sending `body status="REQUEST_RELEASE"`');
    },
  );

  it.skipIf(!fixtures.includes("integer-scoped"))("an integer session id is typed as a number", () => {
    expect(client("integer-scoped")).toMatch(/^ {2}sessionId: number;$/m);
  });
});

describe("the unseen providers' packed packages in an outside project", () => {
  it("install from tarballs, compile strictly (exactOptionalPropertyTypes) and stop a session each against 127.0.0.1", async () => {
    const packs = path.join(consumer, "packs");
    mkdirSync(packs);
    const tarballs: string[] = [];
    for (const id of [...fixtures, "runtime"]) {
      const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", packs], { cwd: path.join(scratch.root, "generated", id) });
      tarballs.push(path.join(packs, (JSON.parse(stdout) as { filename: string }[])[0]?.filename ?? ""));
    }
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "fixtures-consumer", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs], { cwd: consumer });

    const providers = fixtures.map((name) => readProvider(name, scratch.root));
    const factory = (name: string) => `create${pascalCase(name)}Client`;
    const main = [
      ...providers.map((p) => `import { ${factory(p.id)} } from ${JSON.stringify(p.manifest.package)};`),
      "const baseUrl = process.argv[2] ?? '';",
      "const statuses: number[] = [];",
      ...providers.map((p) => {
        // Values each spec accepts (its examples, enums, formats and patterns), as the live checks pick them.
        const sample = (role: string) => {
          const field = p.stopSession.inputs.find((input) => input.role === role);
          return field ? (sampleValue(field) as string) : "";
        };
        const input = stopInput(p, sample("session"), sample("agent"));
        return `statuses.push((await ${factory(p.id)}({ baseUrl, auth: ${JSON.stringify(credentials(p).auth)} }).stopSession(${JSON.stringify(input)})).response.status);`;
      }),
      "process.stdout.write(JSON.stringify(statuses));",
    ].join("\n");
    mkdirSync(path.join(consumer, "src"));
    writeFileSync(path.join(consumer, "src/main.ts"), main);
    writeConsumerTsconfig(consumer);
    await run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", consumer]).catch((error: { stdout?: string }) => {
      throw new Error(`the outside project does not compile:\n${error.stdout ?? String(error)}`);
    });
    const server = await startRecordingServer();
    try {
      server.reply({ status: 200, body: {} });
      const { stdout } = await run(process.execPath, [path.join(consumer, "out/main.js"), server.url], { cwd: consumer, timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual(providers.map(() => 200));
      expect(server.requests).toHaveLength(providers.length);
    } finally {
      await server.close();
    }
  }, 180_000);
});

describe("ids outside the path (query, header, body) in the unseen providers: checked before sending, sent as given", () => {
  const outside = () =>
    fixtures
      .map((name) => ({ name, provider: readProvider(name, scratch.root) }))
      .filter(({ provider }) => provider.stopSession.inputs.some((input) => input.role === "session" && input.in !== "path"));

  it("refuses missing, empty, the strings undefined/null and line breaks, and sends a seeded fuzz exactly as given or not at all", async () => {
    const cases = outside();
    expect(cases.length, "the fixtures include ids in the query, a header and the body").toBeGreaterThan(0);
    const server = await startRecordingServer();
    server.reply({ status: 200, body: {} });
    try {
      for (const { name, provider } of cases) {
        const session = provider.stopSession.inputs.find((input) => input.role === "session");
        if (!session) continue;
        const module = (await import(pathToFileURL(path.join(scratch.root, "generated", name, "src/index.ts")).href)) as Record<string, unknown>;
        const create = module[`create${provider.manifest.typeName ?? pascalCase(name)}Client`] as (options: object) => {
          stopSession: (input: object) => Promise<unknown>;
        };
        const client = create({ baseUrl: server.url, auth: credentials(provider).auth, maxRetries: 0 });
        const base = stopInput(provider, sampleValue(session) as string, "my-agent") as Record<string, unknown>;
        const refused = async (value: unknown) => {
          server.requests.length = 0;
          const error = await client.stopSession({ ...base, [session.field]: value }).then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          return { error, sent: server.requests.length };
        };
        const headerOnly = session.in === "header" ? ["a\r\nX-Injected: 1", " padded", "é"] : [];
        for (const value of [undefined, null, "", "undefined", "null", "x\ud800", ...headerOnly]) {
          const { error, sent } = await refused(value);
          expect((error as Error | undefined)?.name, `${name} ${session.in} ${JSON.stringify(value)}`).toBe("InputError");
          expect(sent).toBe(0);
        }
        // A seeded fuzz: every value either refused unsent, or arriving exactly as given in its place.
        let state = 7;
        const random = () => {
          state = (state * 1103515245 + 12345) % 2147483648;
          return state / 2147483648;
        };
        const pieces = ["a", "Z", "9", "-", "_", ".", "/", "?", "#", "%", "&", "=", " ", "é", "😀", "\t", "\n", "\0"];
        for (let i = 0; i < 200; i++) {
          const value = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
          const { error, sent } = await refused(value);
          if (error) {
            expect((error as Error).name).toBe("InputError");
            expect(sent).toBe(0);
            continue;
          }
          const [request] = server.requests;
          const arrived =
            session.in === "header"
              ? request?.headers[session.name.toLowerCase()]
              : session.in === "query"
                ? new URL(request?.url ?? "", server.url).searchParams.get(session.name)
                : (JSON.parse(request?.body ?? "{}") as Record<string, unknown>)[session.name];
          expect(arrived, `${name} ${JSON.stringify(value)}`).toBe(value);
        }
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});
