import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolver } from "../../generator/diff/schema-diff.js";
import { detectFormat } from "../../generator/import/import-provider.js";
import { findOpenApiBlock } from "../../generator/import/openapi-block.js";
import { proposeManifest } from "../../generator/import/propose-manifest.js";
import { operationIdFrom, PageFormatError, referencePageToOpenApi } from "../../generator/import/reference-table.js";
import { fixtureFile, fixtureNames, orPlaceholder, providerIds, readManifest, skipNote, upstreamPage } from "../helpers/providers.js";
import { repoRoot } from "../helpers/repo.js";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
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
  });

  it("TrueFoundry (no operationId): proposes cancelSession and the overlay action that adds it", () => {
    const proposal = proposeManifest(parse(fixtureFile("truefoundry", "openapi.yaml")) as Json, "tf", { url: "u", format: "openapi" });
    const overlay = parse(proposal.overlay ?? "") as Json;
    expect(overlay.actions).toEqual([
      { target: '$.paths["/v1/agents/sessions/{sessionId}/cancel"].post', description: expect.any(String), update: { operationId: "cancelSession" } },
    ]);
    expect(proposal.guesses[0]).toMatch(/operationId: cancelSession, added by overlay/);
  });

  it("refuses a spec with nothing stop-like", () => {
    const spec = { openapi: "3.1.0", info: { title: "X", version: "1" }, paths: { "/things": { get: { operationId: "listThings" } } } };
    expect(() => proposeManifest(spec, "x", { url: "u", format: "openapi" })).toThrow(/no operation looks like stopping a session/);
  });
});
