import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { resolver } from "../../generator/diff/schema-diff.js";
import { checkProposal } from "../../generator/import/check-proposal.js";
import { detectFormat, importProvider } from "../../generator/import/import-provider.js";
import { findOpenApiBlock } from "../../generator/import/openapi-block.js";
import { PLACEHOLDER, proposeManifest } from "../../generator/import/propose-manifest.js";
import { operationIdFrom, PageFormatError, referencePageToOpenApi } from "../../generator/import/reference-table.js";
import { commentLines, toYaml } from "../../generator/import/yaml-text.js";
import { validateManifest } from "../../generator/load/manifest.js";
import { parseYamlSafe } from "../../generator/load/safe-yaml.js";
import { buildModel } from "../../generator/model/build-model.js";
import { fixtureFile, fixtureNames, orPlaceholder, providerIds, readManifest, skipNote, upstreamPage } from "../helpers/providers.js";
import { repoRoot } from "../helpers/repo.js";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const SCHEMA = path.join(repoRoot, "specs/provider.schema.json");
type Json = Record<string, any>;

/** The providers under specs/ that keep an upstream page (upstream.md is optional) of the given format. */
const withPage = (format: string) => providerIds().filter((id) => upstreamPage(id) !== undefined && readManifest(id).upstream?.format === format);
const blockPages = withPage("markdown-openapi-block");
const tablePages = withPage("markdown-reference-table");

describe("findOpenApiBlock", () => {
  it.each([
    { name: "four backticks with a Mintlify title", page: "# P\n\n````yaml GET /x\nopenapi: 3.1.0\npaths: {}\n````\n", want: "openapi: 3.1.0\npaths: {}\n" },
    { name: "three backticks", page: "```yaml\nopenapi: 3.0.0\n```\n", want: "openapi: 3.0.0\n" },
    { name: "tildes", page: "~~~yml\nopenapi: 3.0.0\n~~~\n", want: "openapi: 3.0.0\n" },
    { name: "a JSON block", page: '```json\n{ "openapi": "3.1.0" }\n```\n', want: '{ "openapi": "3.1.0" }\n' },
    { name: "skips a YAML block that is not OpenAPI", page: "```yaml\nname: x\n```\n\n```yaml\nopenapi: 3.0.0\n```\n", want: "openapi: 3.0.0\n" },
    {
      name: "keeps inner shorter fences",
      page: "````yaml\nopenapi: 3.0.0\ndescription: |\n  ```js\n  x\n  ```\n````\n",
      want: "openapi: 3.0.0\ndescription: |\n  ```js\n  x\n  ```\n",
    },
    { name: "an unclosed block", page: "```yaml\nopenapi: 3.0.0\n", want: undefined },
    { name: "no block", page: "# Just words\n", want: undefined },
  ])("$name", ({ page, want }) => {
    expect(findOpenApiBlock(page)?.text).toBe(want);
  });

  it.each(fixtureNames().filter((name) => parse(fixtureFile(name, "provider.yaml")).upstream.format === "markdown-openapi-block"))(
    "the %s seed page's block is its openapi.yaml, byte for byte",
    (name) => {
      expect(findOpenApiBlock(fixtureFile(name, "upstream.md"))?.text).toBe(fixtureFile(name, "openapi.yaml"));
    },
  );
});

describe.skipIf(blockPages.length === 0)(skipNote("specs/: an upstream.md with an OpenAPI block", blockPages, "no provider keeps such a page"), () => {
  it.each(orPlaceholder(blockPages, "none"))("%s: the page's block is specs/%s/openapi.yaml, byte for byte", (id) => {
    expect(findOpenApiBlock(upstreamPage(id) ?? "")?.text).toBe(read(`specs/${id}/openapi.yaml`));
  });
});

describe("detectFormat", () => {
  it.each([
    { source: "openapi: 3.1.0\npaths: {}\n", origin: "x", want: "openapi" },
    { source: '{"openapi": "3.0.0"}', origin: "x", want: "openapi" },
    { source: "# comment\nopenapi: 3.1.0\n", origin: "x", want: "openapi" },
    { source: "anything", origin: "https://h.test/spec.yaml?v=2", want: "openapi" },
    { source: "# Page\n\n````yaml\nopenapi: 3.1.0\n````\n", origin: "x.md", want: "markdown-openapi-block" },
    { source: "# Stop\n\n`POST /a:stop`\n\n## Responses\n", origin: "x.md", want: "markdown-reference-table" },
  ])("$want ← $origin", ({ source, origin, want }) => {
    expect(detectFormat(source, origin)).toBe(want);
  });

  it("refuses anything else, naming the source", () => {
    expect(() => detectFormat("<html>hello</html>", "https://h.test/page")).toThrow(/https:\/\/h\.test\/page: not an OpenAPI document/);
  });
});

describe("referencePageToOpenApi", () => {
  /** Dereferenced, so a schema inline on one side and in components on the other compares equal. */
  function operations(document: Json): Map<string, unknown> {
    const resolve = resolver(document);
    const inline = (value: unknown, stack: string[] = []): unknown => {
      if (Array.isArray(value)) return value.map((item) => inline(item, stack));
      if (typeof value !== "object" || value === null) return value;
      const object = value as Json;
      if (typeof object.$ref === "string") return stack.includes(object.$ref) ? { recursive: object.$ref } : inline(resolve(object), [...stack, object.$ref]);
      return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, inline(inner, stack)]));
    };
    const found = new Map<string, unknown>();
    for (const [route, item] of Object.entries(document.paths as Json))
      for (const [method, operation] of Object.entries(item as Json)) found.set(`${method} ${route}`, inline(operation));
    return found;
  }

  it("turns the Foundry page into the hand-written document, operation by operation", () => {
    const imported = referencePageToOpenApi(fixtureFile("foundry", "upstream.md"), "Microsoft Foundry");
    const handwritten = parse(read("test/fixtures/foundry-handwritten.yaml")) as Json;
    expect(imported.openapi).toBe("3.1.0");
    const want = operations(handwritten);
    const got = operations(imported);
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [key, operation] of want) expect(got.get(key), key).toEqual(operation);
  });

  it("is what the Foundry seed's openapi.yaml holds (so a sync of the unchanged page changes nothing)", () => {
    const committed = parse(fixtureFile("foundry", "openapi.yaml"));
    expect(referencePageToOpenApi(fixtureFile("foundry", "upstream.md"), "Microsoft Foundry")).toEqual(committed);
  });

  it.skipIf(tablePages.length === 0).each(orPlaceholder(tablePages, "none"))(
    skipNote("%s: is what specs/%s/openapi.yaml holds (a sync of the unchanged page changes nothing)", tablePages, "no provider keeps a table-style page"),
    (id) => {
      expect(referencePageToOpenApi(upstreamPage(id) ?? "", readManifest(id).displayName)).toEqual(parse(read(`specs/${id}/openapi.yaml`)));
    },
  );

  it.each([
    { name: "no title", page: "`POST /a`\n", line: 1, message: /no `# Title`/ },
    { name: "no endpoint", page: "# Stop\n\ntext\n", line: 1, message: /METHOD \/path/ },
    { name: "no responses", page: "# Stop\n`POST /a`\n", line: 2, message: /## Responses/ },
    {
      name: "enum without values",
      page: "# Stop\n`POST /a`\n### Query parameters\n| Name | Type | Required | Description |\n|--|--|--|--|\n| `m` | `enum` | No | Mode. |\n## Responses\n### 204 — ok\n",
      line: 6,
      message: /enum/,
    },
  ])("a page with $name fails with its line", ({ page, line, message }) => {
    try {
      referencePageToOpenApi(page, "T");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PageFormatError);
      expect((error as PageFormatError).line).toBe(line);
      expect((error as Error).message).toMatch(message);
    }
  });

  it.each([
    ["Stop a session", "stopSession"],
    ["Cancel the running turn", "cancelRunningTurn"],
    ["Release session (v2)", "releaseSessionV2"],
  ])("operationIdFrom(%j) → %s", (summary, want) => {
    expect(operationIdFrom(summary)).toBe(want);
  });
});

describe("proposeManifest: the guess agrees with the hand-made mapping of each seed provider", () => {
  it.each(fixtureNames())("%s", (id) => {
    const manifest = parse(fixtureFile(id, "provider.yaml")) as Json;
    const proposal = proposeManifest(parse(fixtureFile(id, "openapi.yaml")) as Json, id, { url: "https://x.test/page.md", format: manifest.upstream.format });
    expect((parse(proposal.text) as Json).stopSession).toEqual(manifest.stopSession);
    expect(proposal.guesses.length).toBeGreaterThan(3);
    expect(checkProposal(proposal.text, proposal.manifest, SCHEMA)).toEqual([]);
  });

  it("TrueFoundry (no operationId): proposes cancelSession and the overlay action that adds it", () => {
    const proposal = proposeManifest(parse(fixtureFile("truefoundry", "openapi.yaml")) as Json, "tf", { url: "https://u.test", format: "openapi" });
    const overlay = parse(proposal.overlay ?? "") as Json;
    expect(overlay.actions).toEqual([
      { target: '$.paths["/v1/agents/sessions/{sessionId}/cancel"].post', description: expect.any(String), update: { operationId: "cancelSession" } },
    ]);
    expect(proposal.guesses[0]).toMatch(/operationId: cancelSession, added by overlay/);
  });

  it("Foundry: the required api-version has no value in the spec, so it is a default to fill in (as the hand-made manifest has it)", () => {
    const proposal = proposeManifest(parse(read("specs/foundry/openapi.yaml")) as Json, "foundry", { format: "markdown-reference-table" });
    expect(proposal.manifest.defaults).toEqual({ query: { "api-version": PLACEHOLDER } });
    expect(proposal.manifest.needsEdit).toEqual([{ field: "defaults.query.api-version", why: expect.stringMatching(/no value/) }]);
    expect((parse(read("specs/foundry/provider.yaml")) as Json).defaults.query).toHaveProperty("api-version");
  });
});

/**
 * Fixture → the manifest a person would write from reading it. Written by hand from the fixture,
 * not copied from the proposer's output; `why` texts are only checked to be there.
 */
const WHY = expect.any(String);
const FIXTURES: { file: string; title: string; want: Json }[] = [
  {
    file: "session-release.yaml",
    title: "(a) POST /v1/sessions/{id} with status REQUEST_RELEASE: an update, the value a constant",
    want: {
      id: "acme",
      displayName: "Acme Agents",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: "updateSession",
        effect: "terminate",
        session: { in: "path", name: "id" },
        constants: { body: { status: "REQUEST_RELEASE" } },
      },
    },
  },
  {
    file: "browser-action.yaml",
    title: "(b) PATCH /browsers/{session_id} with action stop; X-Workspace-Id scopes it",
    want: {
      id: "acme",
      displayName: "Browserish",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: "updateBrowser",
        effect: "terminate",
        session: { in: "path", name: "session_id" },
        scope: [{ in: "header", name: "X-Workspace-Id", input: "workspaceId" }],
        constants: { body: { action: "stop" } },
      },
    },
  },
  {
    file: "delete-vs-stop.yaml",
    title: "(c) a :stop custom method is preferred to a DELETE that deletes the session and its data",
    want: {
      id: "acme",
      displayName: "Agent Host",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: { operationId: "stopSession", effect: "terminate", session: { in: "path", name: "session_id" }, agent: { in: "path", name: "agent_id" } },
    },
  },
  {
    file: "repo-sessions.yaml",
    title: "(d) owner and repo are scope; the session is an integer session_number",
    want: {
      id: "acme",
      displayName: "CodeHost Agents",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: "stopRepoSession",
        effect: "terminate",
        session: { in: "path", name: "session_number" },
        scope: [
          { in: "path", name: "owner" },
          { in: "path", name: "repo" },
        ],
      },
    },
  },
  {
    file: "api-version.yaml",
    title: "(e) api-version (enum) and Accept-Version (default) are defaults; region (no value) is an input",
    want: {
      id: "acme",
      displayName: "Cloud Agents",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: "cancelSession",
        effect: "terminate",
        session: { in: "path", name: "session_id" },
        inputs: [{ in: "query", name: "region" }],
      },
      defaults: { query: { "api-version": "2025-05-01" }, header: { "Accept-Version": "2" } },
    },
  },
  {
    file: "api-version-info.yaml",
    title: "(e2) an api-version with no value of its own takes the dated info.version",
    want: {
      id: "acme",
      displayName: "Dated Agents",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: { operationId: "terminateSession", effect: "terminate", session: { in: "path", name: "sessionId" } },
      defaults: { query: { "api-version": "2024-07-01" } },
    },
  },
  {
    file: "session-header.yaml",
    title: "(f) the session in the X-Session-Id header",
    want: {
      id: "acme",
      displayName: "Header Sessions",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: { operationId: "stopCurrentSession", effect: "terminate", session: { in: "header", name: "X-Session-Id" } },
    },
  },
  {
    file: "session-body.yaml",
    title: "(g) the session in the JSON body; the other required field an input",
    want: {
      id: "acme",
      displayName: "Body Sessions",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: "terminateSession",
        effect: "terminate",
        session: { in: "body", name: "session_id" },
        inputs: [{ in: "body", name: "reason" }],
      },
    },
  },
  {
    file: "no-stop.yaml",
    title: "(h) nothing stops anything: placeholders from the best-ranked operation, and needsEdit",
    want: {
      id: "acme",
      displayName: "Things API",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: { operationId: "createThing", effect: "terminate", session: { in: "path", name: PLACEHOLDER } },
      needsEdit: [
        { field: "stopSession.operationId", why: WHY },
        { field: "stopSession.session", why: WHY },
        { field: "stopSession.effect", why: WHY },
      ],
    },
  },
  {
    file: "stop-no-session.yaml",
    title: "(h2) a stop whose id is not named like a session: the session needs an edit",
    want: {
      id: "acme",
      displayName: "Machines",
      package: "@agentstop/acme",
      upstream: { format: "openapi" },
      stopSession: { operationId: "stopMachine", effect: "terminate", session: { in: "path", name: "machine_id" } },
      needsEdit: [{ field: "stopSession.session", why: WHY }],
    },
  },
];

const fixture = (file: string) => parse(read(`test/fixtures/import/${file}`)) as Json;

describe("proposeManifest on unseen specs", () => {
  it.each(FIXTURES)("$title", ({ file, want }) => {
    const proposal = proposeManifest(fixture(file), "acme", { format: "openapi" });
    expect(proposal.manifest).toEqual(want);
    // The text is the manifest, nothing more, and it passes the schema.
    expect(parse(proposal.text)).toEqual(proposal.manifest);
    expect(checkProposal(proposal.text, proposal.manifest, SCHEMA)).toEqual([]);
    expect(proposal.needsEdit).toEqual(proposal.manifest.needsEdit ?? []);
  });

  it.each(FIXTURES.filter(({ want }) => !want.needsEdit))("$file: generate's model accepts the proposal (coverage, constants, input names)", ({ file }) => {
    const document = fixture(file);
    const { manifest } = proposeManifest(document, "acme", { format: "openapi" });
    const model = buildModel({ manifest, document, specFile: file, manifestFile: "provider.yaml" });
    expect(model.stopSession.operationId).toBe(manifest.stopSession.operationId);
  });

  it.each(FIXTURES.filter(({ want }) => want.needsEdit))("$file: generate refuses the needs-edit proposal, naming the fields", ({ file, want }) => {
    const { text } = proposeManifest(fixture(file), "acme", { format: "openapi" });
    expect(() => validateManifest(parseYamlSafe(text, "provider.yaml"), "provider.yaml", "acme", SCHEMA)).toThrow(
      new RegExp(`needs an edit[\\s\\S]*${want.needsEdit[0].field.replace(".", "\\.")}`),
    );
  });

  it("(c) says why the stop beat the DELETE, and lists the DELETE as runner-up", () => {
    const proposal = proposeManifest(fixture("delete-vs-stop.yaml"), "acme", { format: "openapi" });
    expect(proposal.candidates).toHaveLength(2);
    expect(proposal.candidates[0]).toMatch(/^1\. score \d+: POST \/agents\/\{agent_id\}\/sessions\/\{session_id\}:stop \(stopSession\)/);
    expect(proposal.candidates[1]).toMatch(/^2\. score \d+: DELETE \/agents\/\{agent_id\}\/sessions\/\{session_id\} \(deleteSession\) — .*destructive/);
    const guess = proposal.guesses.find((line) => line.startsWith("stop operation:"));
    expect(guess).toMatch(/runner-up DELETE \/agents\/\{agent_id\}\/sessions\/\{session_id\} \(deleteSession\).*deletes the session resource \(and its data\)/);
  });

  it("a tie on score is broken by the stated tie-breaker, not by document order", () => {
    const stop = { operationId: "stopSession", summary: "Stop a session", responses: { "204": { description: "ok" } } };
    const cancel = { operationId: "cancelSession", summary: "Cancel a session", responses: { "204": { description: "ok" } } };
    const id = { parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }] };
    const paths = [
      ["/sessions/{session_id}/cancel", { ...id, post: cancel }],
      ["/sessions/{session_id}/stop", { ...id, post: stop }],
    ] as const;
    for (const order of [paths, [...paths].reverse()]) {
      const proposal = proposeManifest({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths: Object.fromEntries(order) }, "t", { format: "openapi" });
      expect(proposal.manifest.stopSession.operationId).toBe("stopSession");
      expect(proposal.guesses.join("\n")).toMatch(
        /tied on score with POST \/sessions\/\{session_id\}\/cancel \(cancelSession\), chosen by the tie-breaker .* because its path is shorter/,
      );
    }
  });

  it("a spec with no operation to stop at all still gives a manifest that passes the schema", () => {
    const proposal = proposeManifest({ openapi: "3.1.0", info: { title: "", version: "1" }, paths: { "/x": { get: { operationId: "getX" } } } }, "x", {
      format: "openapi",
    });
    expect(proposal.manifest).toEqual({
      id: "x",
      displayName: "x",
      package: "@agentstop/x",
      upstream: { format: "openapi" },
      stopSession: { operationId: PLACEHOLDER, effect: "terminate", session: { in: "path", name: PLACEHOLDER } },
      needsEdit: [
        { field: "stopSession.operationId", why: expect.stringMatching(/no POST, PATCH, PUT or DELETE/) },
        { field: "stopSession.session", why: WHY },
        { field: "stopSession.effect", why: WHY },
      ],
    });
    expect(checkProposal(proposal.text, proposal.manifest, SCHEMA)).toEqual([]);
    expect(proposal.candidates).toEqual([]);
  });

  it("upstream: a URL is recorded; without one there is no url (the schema accepts the format alone)", () => {
    const document = fixture("session-header.yaml");
    expect(proposeManifest(document, "h", { url: "https://h.test/spec.yaml", format: "openapi" }).manifest.upstream).toEqual({
      url: "https://h.test/spec.yaml",
      format: "openapi",
    });
    const local = proposeManifest(document, "h", { format: "openapi" });
    expect(local.manifest.upstream).toEqual({ format: "openapi" });
    expect(local.guesses.join("\n")).toMatch(/upstream: no url/);
  });
});

describe("importProvider: the proposal is checked before anything is written", () => {
  it("a local file records no upstream.url; upstreamUrl sets one", () => {
    const source = read("test/fixtures/import/session-release.yaml");
    const local = importProvider({ repoRoot, id: "imp-local", source, origin: "test/fixtures/import/session-release.yaml" });
    expect((parse(local.files["specs/imp-local/provider.yaml"] ?? "") as Json).upstream).toEqual({ format: "openapi" });
    const given = importProvider({ repoRoot, id: "imp-local", source, origin: "x.yaml", upstreamUrl: "https://acme.test/openapi.yaml" });
    expect((parse(given.files["specs/imp-local/provider.yaml"] ?? "") as Json).upstream).toEqual({ url: "https://acme.test/openapi.yaml", format: "openapi" });
    expect(local.files["specs/imp-local/openapi.yaml"]).toBe(source);
  });

  it("spec text with line breaks, quotes and YAML syntax cannot inject configuration", () => {
    const nasty = ["\n", "\r\n", "#", ": ", "{", "'", '"', "\u2028", "\u2029", "\u0085", "\u202e", "\u001b[31m"].join("x");
    const sessionName = "key: value\u2028#session_id";
    const inputName = "- x\n  needsEdit: []\r\nregion";
    const scopeName = "owner: {x}\u2028- y";
    const document = {
      openapi: "3.1.0",
      info: { title: `Evil ${nasty}\nid: pwned\n- x`, version: "1" },
      paths: {
        [`/o/{${scopeName}}/stop`]: {
          post: {
            operationId: `stop${nasty}`,
            summary: `Stop a session ${nasty}\nkey: value\n- x`,
            parameters: [
              { name: scopeName, in: "path", required: true, schema: { type: "string" } },
              { name: sessionName, in: "header", required: true, schema: { type: "string" } },
              { name: inputName, in: "query", required: true, schema: { type: "string" } },
              { name: "api-version", in: "query", required: true, schema: { type: "string", enum: [`2025-01-01\n${nasty}`] } },
            ],
            responses: { "204": { description: "ok" } },
          },
        },
      },
    };
    const result = importProvider({ repoRoot, id: "imp-hostile", source: JSON.stringify(document), origin: "hostile.json" });
    const text = result.files["specs/imp-hostile/provider.yaml"] ?? "";
    const want = {
      id: "imp-hostile",
      // On one line: each run of spaces, line breaks and control characters is one space.
      displayName: `Evil x x#x: x{x'x"x x x x x [31m id: pwned - x`,
      package: "@agentstop/imp-hostile",
      upstream: { format: "openapi" },
      stopSession: {
        operationId: `stop${nasty}`,
        effect: "terminate",
        session: { in: "header", name: sessionName },
        // camelCase of the names (ownerXY, xNeedsEditRegion) are usable inputs: no `input` needed.
        scope: [{ in: "path", name: scopeName }],
        inputs: [{ in: "query", name: inputName }],
      },
      defaults: { query: { "api-version": `2025-01-01\n${nasty}` } },
    };
    expect(parse(text)).toEqual(want);
    expect(result.proposal?.manifest).toEqual(want);
    expect(checkProposal(text, want, SCHEMA)).toEqual([]);
    // Every header line is one comment line; no raw line separator anywhere in the file.
    const lines = text.split("\n");
    const firstKey = lines.findIndex((line) => !line.startsWith("#"));
    expect(lines[firstKey]).toBe("id: imp-hostile");
    for (const raw of ["\r", "\u2028", "\u2029", "\u0085", "\u202e", "\u001b"]) expect(text).not.toContain(raw);
    expect(parseDocument(text).errors).toEqual([]);
  });
});

describe("yaml-text", () => {
  it.each([
    "a\nb",
    "a\r\nb",
    "x\u2028y",
    "\u2029",
    "\u0085",
    "\u202e",
    "- x",
    "key: value",
    "#c",
    "{a}",
    "'",
    '"',
    "2025-05-01",
    "no",
    "on",
    "1:30",
    "1_000",
    "plain",
  ])("%j round-trips, with no raw line separator", (value) => {
    const text = toYaml({ [value]: value, list: [value] });
    expect(parse(text)).toEqual({ [value]: value, list: [value] });
    expect(text.slice(0, -1)).not.toMatch(/[\r\u2028\u2029\u0085]/);
  });

  it("a comment line stays one line", () => {
    expect(commentLines(["a\nb: c", "d\u2028e\r"])).toBe("# a\\u000ab: c\n# d\\u2028e\\u000d");
  });
});
