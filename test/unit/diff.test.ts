import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bumpVersion, change, highestLevel, levelOf } from "../../generator/diff/rules.js";
import { diffSpecs } from "../../generator/diff/spec-diff.js";
import { changelogLines, planRelease } from "../../generator/release/plan-release.js";

type Spec = Record<string, any>;

/** A small spec with one stop operation; each case below changes one thing. */
function base(): Spec {
  return {
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    servers: [{ url: "https://api.test/v1" }],
    security: [{ Bearer: [] }],
    components: {
      securitySchemes: { Bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Stopped: {
          type: "object",
          required: ["session_id"],
          properties: { session_id: { type: "string" }, status: { type: "string", enum: ["stopped", "stopping"] } },
        },
      },
    },
    paths: {
      "/sessions/{id}/stop": {
        post: {
          operationId: "stopSession",
          summary: "Stop",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "reason", in: "query", required: false, schema: { type: "string" } },
          ],
          requestBody: { required: false, content: { "application/json": { schema: { type: "object", properties: { force: { type: "boolean" } } } } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Stopped" } } } },
            "404": { description: "unknown" },
          },
        },
      },
    },
  };
}

const op = (spec: Spec) => spec.paths["/sessions/{id}/stop"].post;

const CASES: { name: string; mutate: (spec: Spec) => void; want: string[]; level: string | undefined; before?: (spec: Spec) => void }[] = [
  { name: "nothing", mutate: () => {}, want: [], level: undefined },
  {
    name: "path moved, same operationId (HeyGen's rename)",
    mutate: (s) => {
      s.paths["/stop/{id}"] = s.paths["/sessions/{id}/stop"];
      delete s.paths["/sessions/{id}/stop"];
    },
    want: ["operation-path-changed"],
    level: "major",
  },
  {
    name: "method changed",
    mutate: (s) => {
      s.paths["/sessions/{id}/stop"] = { delete: op(s) };
    },
    want: ["operation-method-changed"],
    level: "major",
  },
  { name: "operation removed", mutate: (s) => delete s.paths["/sessions/{id}/stop"], want: ["operation-removed"], level: "major" },
  { name: "operationId renamed", mutate: (s) => (op(s).operationId = "halt"), want: ["operation-renamed"], level: "major" },
  {
    name: "operation added",
    mutate: (s) => (s.paths["/sessions"] = { get: { operationId: "list", responses: { "200": { description: "ok" } } } }),
    want: ["operation-added"],
    level: "minor",
  },
  {
    name: "required query parameter added",
    mutate: (s) => op(s).parameters.push({ name: "v", in: "query", required: true, schema: { type: "string" } }),
    want: ["required-parameter-added"],
    level: "major",
  },
  {
    name: "required header added",
    mutate: (s) => op(s).parameters.push({ name: "X-Tenant", in: "header", required: true, schema: { type: "string" } }),
    want: ["required-parameter-added"],
    level: "major",
  },
  {
    name: "optional parameter added",
    mutate: (s) => op(s).parameters.push({ name: "dry", in: "query", schema: { type: "boolean" } }),
    want: ["optional-parameter-added"],
    level: "minor",
  },
  { name: "parameter moved query → header", mutate: (s) => (op(s).parameters[1].in = "header"), want: ["parameter-moved"], level: "major" },
  { name: "parameter removed", mutate: (s) => op(s).parameters.pop(), want: ["parameter-removed"], level: "major" },
  { name: "parameter became required", mutate: (s) => (op(s).parameters[1].required = true), want: ["parameter-now-required"], level: "major" },
  { name: "parameter type changed", mutate: (s) => (op(s).parameters[1].schema = { type: "integer" }), want: ["type-changed"], level: "major" },
  { name: "parameter gets a pattern", mutate: (s) => (op(s).parameters[0].schema.pattern = "^[a-z]+$"), want: ["constraint-tightened"], level: "major" },
  { name: "parameter gets a format", mutate: (s) => (op(s).parameters[0].schema.format = "uuid"), want: ["constraint-tightened"], level: "major" },
  {
    name: "required body field added",
    mutate: (s) => {
      const schema = op(s).requestBody.content["application/json"].schema;
      schema.properties.reason = { type: "string" };
      schema.required = ["reason"];
    },
    want: ["required-property-added"],
    level: "major",
  },
  {
    name: "optional body field added",
    mutate: (s) => (op(s).requestBody.content["application/json"].schema.properties.note = { type: "string" }),
    want: ["property-added"],
    level: "minor",
  },
  { name: "request body became required", mutate: (s) => (op(s).requestBody.required = true), want: ["request-body-now-required"], level: "major" },
  { name: "success response removed", mutate: (s) => delete op(s).responses["200"], want: ["success-response-removed"], level: "major" },
  { name: "error response added", mutate: (s) => (op(s).responses["429"] = { description: "slow down" }), want: ["response-added"], level: "minor" },
  {
    name: "response field removed (through a $ref)",
    mutate: (s) => delete s.components.schemas.Stopped.properties.status,
    want: ["property-removed"],
    level: "major",
  },
  {
    name: "response field added",
    mutate: (s) => (s.components.schemas.Stopped.properties.stopped_at = { type: "string" }),
    want: ["property-added"],
    level: "minor",
  },
  // A response enum: losing a value only promises more; gaining one breaks an exhaustive switch.
  {
    name: "response enum value removed",
    mutate: (s) => (s.components.schemas.Stopped.properties.status.enum = ["stopped"]),
    want: ["enum-value-removed"],
    level: "minor",
  },
  {
    name: "response enum value added",
    mutate: (s) => s.components.schemas.Stopped.properties.status.enum.push("cancelled"),
    want: ["enum-value-added"],
    level: "major",
  },
  {
    name: "auth scheme changed",
    mutate: (s) => (s.components.securitySchemes.Bearer = { type: "apiKey", in: "header", name: "x-api-key" }),
    want: ["auth-changed"],
    level: "major",
  },
  { name: "server changed", mutate: (s) => (s.servers = [{ url: "https://api.test/v2" }]), want: ["server-changed"], level: "major" },
  { name: "server added", mutate: (s) => s.servers.push({ url: "https://eu.api.test/v1" }), want: ["server-added"], level: "minor" },
  { name: "description changed", mutate: (s) => (op(s).description = "Stops it, now with words."), want: ["docs-changed"], level: "patch" },
  { name: "example added", mutate: (s) => (op(s).parameters[0].example = "abc"), want: ["docs-changed"], level: "patch" },
  { name: "info.version bumped", mutate: (s) => (s.info.version = "2"), want: ["docs-changed"], level: "patch" },
  { name: "operation deprecated", mutate: (s) => (op(s).deprecated = true), want: ["deprecated"], level: "minor" },
  { name: "parameter deprecated", mutate: (s) => (op(s).parameters[1].deprecated = true), want: ["deprecated"], level: "minor" },
  {
    name: "Retry-After added to 404",
    mutate: (s) => (op(s).responses["404"].headers = { "Retry-After": { schema: { type: "integer" } } }),
    want: ["response-header-added"],
    level: "minor",
  },
  {
    name: "Retry-After removed",
    mutate: (s) => {
      delete op(s).responses["404"].headers;
    },
    want: ["response-header-removed"],
    level: "major",
    before: (s: Spec) => (op(s).responses["404"].headers = { "Retry-After": { schema: { type: "integer" } } }),
  },
  {
    name: "the request's only content type swapped for another",
    mutate: (s) => {
      const body = op(s).requestBody;
      body.content = { "application/x-www-form-urlencoded": body.content["application/json"] };
    },
    want: ["media-type-removed", "media-type-added"],
    level: "major",
  },
  {
    name: "a change no rule names (a callback), by location",
    mutate: (s) => (op(s).callbacks = { done: { "{$request.body#/url}": { post: { responses: { "200": { description: "ok" } } } } } }),
    want: ["unclassified-change"],
    level: "major",
  },
];

describe("diffSpecs: one change at a time", () => {
  it.each(CASES)("$name → $want ($level)", ({ mutate, want, level, before: setUp }) => {
    const before = base();
    setUp?.(before);
    const after = structuredClone(before);
    mutate(after);
    const changes = diffSpecs(before, after);
    expect(changes.map((found) => found.kind)).toEqual(want);
    expect(highestLevel(changes)).toBe(level);
  });

  it("says where and what: the HeyGen rename names both paths", () => {
    const before = base();
    const after = base();
    after.paths["/v3/video-agents/{session_id}/stop"] = after.paths["/sessions/{id}/stop"];
    delete after.paths["/sessions/{id}/stop"];
    expect(diffSpecs(before, after)).toEqual([
      {
        kind: "operation-path-changed",
        level: "major",
        where: "POST /sessions/{id}/stop",
        detail: "path /sessions/{id}/stop → /v3/video-agents/{session_id}/stop",
        name: "stopSession",
      },
    ]);
  });

  it("stops at a recursive schema instead of looping", () => {
    const before = base();
    before.components.schemas.Stopped.properties.children = { type: "array", items: { $ref: "#/components/schemas/Stopped" } };
    const after = structuredClone(before);
    after.components.schemas.Stopped.properties.status.enum = ["stopped"];
    expect(diffSpecs(before, after).map((found) => found.kind)).toEqual(["enum-value-removed"]);
  });
});

describe("bumpVersion", () => {
  it.each([
    ["0.1.0", "major", "1.0.0"],
    ["1.4.2", "major", "2.0.0"],
    ["1.4.2", "minor", "1.5.0"],
    ["1.4.2", "patch", "1.4.3"],
    ["1.4.2", undefined, "1.4.2"],
  ] as const)("%s + %s → %s", (version, level, want) => {
    expect(bumpVersion(version, level)).toBe(want);
  });
});

describe("planRelease", () => {
  it("skips the diff when the bundled spec's text is the committed one, and diffs when it is not", () => {
    const text = `${JSON.stringify(base(), null, 2)}\n`;
    // A baseline that differs from base() everywhere: only a skipped diff finds no change against it.
    const previous = { version: "1.2.0", bundled: { openapi: "3.1.0", paths: {} }, bundledText: text };
    expect(planRelease(previous, base(), "T 1", text)).toMatchObject({ version: "1.2.0", level: undefined, changes: [] });
    expect(planRelease(previous, base(), "T 1", `${text} `).changes.length).toBeGreaterThan(0);
  });

  it("with no baseline keeps the committed version and changelog", () => {
    expect(planRelease({ version: "0.3.0", changelogEntries: "## 0.3.0\n\n- x" }, base(), "T 1")).toMatchObject({
      version: "0.3.0",
      changes: [],
      previousEntries: "## 0.3.0\n\n- x",
    });
    expect(planRelease({ version: "0.3.0", changelogEntries: "## 0.3.0" }, base(), "T 1").entry).toBeUndefined();
  });

  it("a first release gets a first entry", () => {
    expect(planRelease({}, base(), "T 1")).toMatchObject({
      version: "0.1.0",
      entry: { version: "0.1.0", summary: "First release, generated from T 1.", sections: [] },
    });
  });

  it("a breaking change bumps major and lists the change under Breaking changes; a rerun plans nothing", () => {
    const after = base();
    op(after).parameters.pop();
    const plan = planRelease({ version: "0.1.0", bundled: base(), changelogEntries: "## 0.1.0" }, after, "T 1");
    expect(plan.version).toBe("1.0.0");
    expect(plan.entry?.sections.map((section) => section.title)).toEqual(["Breaking changes"]);
    expect(plan.entry?.sections[0]?.items).toEqual([{ text: "POST /sessions/{id}/stop: query parameter `reason` removed (parameter removed)" }]);
    const rerun = planRelease({ version: "1.0.0", bundled: after, changelogEntries: "## 1.0.0" }, after, "T 1");
    expect(rerun).toMatchObject({ version: "1.0.0", changes: [] });
    expect(rerun.entry).toBeUndefined();
  });
});

describe("diffSpecs: schema graphs", () => {
  /** n components, each pointing at two others: printed as a tree, this graph is exponential. */
  function tangled(n: number, extra = false): Spec {
    const spec = base();
    for (let i = 0; i < n; i++) {
      spec.components.schemas[`N${i}`] = {
        type: "object",
        properties: {
          next: { $ref: `#/components/schemas/N${(i + 1) % n}` },
          kids: { type: "array", items: { $ref: `#/components/schemas/N${(i * 7 + 3) % n}` } },
          state: { type: "string", enum: extra && i === n - 1 ? ["a", "b", "c"] : ["a", "b"] },
        },
      };
    }
    spec.components.schemas.Stopped.properties.graph = { $ref: "#/components/schemas/N0" };
    return spec;
  }

  it("compares strongly connected schemas by structure, and reports a change at its shortest path", () => {
    expect(diffSpecs(tangled(120), tangled(120))).toEqual([]);
    const changes = diffSpecs(tangled(120), tangled(120, true));
    expect(changes.map(({ kind, level }) => [kind, level])).toEqual([["enum-value-added", "major"]]);
    // N119 is reached from N0 through `next` 119 times, or in a few hops through `kids`.
    expect(changes[0]?.detail.length).toBeLessThan(120);
  });
});

describe("diffSpecs: direction", () => {
  /** One component enum, sent in the request body and read in the response. */
  function shared(values: string[]): Spec {
    const spec = base();
    spec.components.schemas.Mode = { type: "string", enum: values };
    op(spec).requestBody.content["application/json"].schema.properties.mode = { $ref: "#/components/schemas/Mode" };
    spec.components.schemas.Stopped.properties.mode = { $ref: "#/components/schemas/Mode" };
    return spec;
  }

  it("a value added to an enum is minor where the client sends it and major where it reads it", () => {
    const changes = diffSpecs(shared(["fast", "slow"]), shared(["fast", "slow", "auto"]));
    expect(changes.map(({ kind, level, detail }) => [kind, level, detail])).toEqual([
      ["enum-value-added", "minor", 'request body `mode`: value "auto" added'],
      ["enum-value-added", "major", 'response 200 body `mode`: value "auto" added'],
    ]);
  });

  it("a value removed is the other way round", () => {
    const changes = diffSpecs(shared(["fast", "slow", "auto"]), shared(["fast", "slow"]));
    expect(changes.map(({ level }) => level)).toEqual(["major", "minor"]);
  });

  it("a direction-dependent kind needs its side", () => {
    expect(levelOf("nullable-added", "request")).toBe("minor");
    expect(levelOf("nullable-added", "response")).toBe("major");
    expect(() => change("nullable-added", "GET /x", "now nullable")).toThrow(/depends on the side/);
  });

  it("a harmless addition anywhere does not hide a break elsewhere", () => {
    const after = base();
    after.paths["/sessions"] = { get: { operationId: "list", responses: { "200": { description: "ok" } } } };
    after.components.schemas.Stopped.required = [];
    expect(diffSpecs(base(), after).map(({ kind, level }) => `${kind}:${level}`)).toEqual(["property-now-optional:major", "operation-added:minor"]);
  });
});

describe("diffSpecs: serialization is not a change", () => {
  const yamlText = [
    "openapi: 3.0.3",
    "info:",
    "  title: T",
    "  version: '1'",
    "  description: |",
    "    Stops sessions.",
    "    Every call needs a token.",
    "paths:",
    "  /sessions/{id}/stop:",
    "    post:",
    "      operationId: stopSession",
    "      description: Stops   it.",
    "      parameters:",
    "        - { name: id, in: path, required: true, schema: { type: string } }",
    "      responses:",
    "        '200': { description: ok }",
    "",
  ].join("\n");

  it("a CRLF, re-indented, trailing-whitespace copy of the spec plans no release", () => {
    const crlf = yamlText
      .replace("Stops   it.", "Stops it.   ")
      .replaceAll("  ", "    ")
      .split("\n")
      .map((line) => `${line}  `)
      .join("\r\n");
    const before = parse(yamlText);
    const after = parse(crlf);
    expect(after).not.toEqual(before);
    expect(diffSpecs(before, after)).toEqual([]);
    const plan = planRelease({ version: "0.4.0", bundled: before, changelogEntries: "## 0.4.0" }, after, "T 1");
    expect(plan).toMatchObject({ version: "0.4.0", level: undefined, changes: [] });
    expect(plan.entry).toBeUndefined();
  });

  it("the same document as JSON with keys sorted, 3.1 spellings and schemas moved into components plans nothing", () => {
    const after = base();
    after.openapi = "3.1.0";
    after.components.schemas.Body = op(after).requestBody.content["application/json"].schema;
    op(after).requestBody.content["application/json"].schema = { $ref: "#/components/schemas/Body" };
    op(after).parameters.reverse();
    const sortKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortKeys)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => (a < b ? 1 : -1))
                .map(([key, inner]) => [key, sortKeys(inner)]),
            )
          : value;
    expect(diffSpecs(base(), sortKeys(after) as Spec)).toEqual([]);
  });
});

describe("changelogLines", () => {
  const added = (index: number) => ({ ...change("operation-added", `GET /things/${index}`, `GET /things/${index} added`), name: `getThing${index}` });

  it("66 operations added are one line, cut after ten names when not breaking", () => {
    const lines = changelogLines(
      Array.from({ length: 66 }, (_, index) => added(index)),
      false,
    );
    expect(lines).toEqual([`66 operations added: ${Array.from({ length: 10 }, (_, index) => `getThing${index}`).join(", ")}, … and 56 more`]);
  });

  it("breaking changes stay complete: the same break in many operations is one line naming all of them", () => {
    const lines = changelogLines(
      Array.from({ length: 14 }, (_, index) => change("property-removed", `GET /things/${index}`, "response 200 body `etag`: field removed")),
      true,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^response 200 body `etag`: field removed \(field removed\), in 14 operations: GET \/things\/0, .*GET \/things\/13$/);
  });

  it("keeps the rules table's order and writes a lone change as where: what (rule)", () => {
    const lines = changelogLines([change("response-added", "POST /stop", "response 429 added"), change("operation-added", "GET /a", "GET /a added")], false);
    expect(lines).toEqual(["GET /a: GET /a added (operation added)", "POST /stop: response 429 added (response added)"]);
  });

  it("a release's entry puts breaking changes first", () => {
    const after = base();
    after.paths["/sessions"] = { get: { operationId: "list", responses: { "200": { description: "ok" } } } };
    op(after).parameters.pop();
    op(after).description = "new words";
    const plan = planRelease({ version: "1.2.0", bundled: base() }, after, "T 2");
    expect(plan.version).toBe("2.0.0");
    expect(plan.entry?.sections.map((section) => [section.title, section.items.length])).toEqual([
      ["Breaking changes", 1],
      ["Added", 1],
    ]);
  });
});
