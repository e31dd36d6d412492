// Select stage: the bundled spec reduced to the operations a package carries.
import { describe, expect, it } from "vitest";
import type { OperationSelection } from "../../generator/load/manifest.js";
import { selectOperations } from "../../generator/select/select-operations.js";

const op = (operationId: string, extra: Record<string, unknown> = {}) => ({ operationId, responses: { "200": { description: "ok" } }, ...extra });

function document(): Record<string, unknown> {
  return {
    openapi: "3.2.0",
    info: { title: "t", version: "1" },
    security: [{ Root: [] }],
    paths: {
      "/v1/sessions/{id}": {
        parameters: [{ $ref: "#/components/parameters/Id" }],
        get: op("getSession", { tags: ["Sessions"], responses: { "200": { $ref: "#/components/responses/Session" } } }),
        delete: op("deleteSession", { tags: ["Sessions"] }),
      },
      "/v1/sessions/{id}/stop": { post: op("stopSession", { security: [{ Key: [] }] }) },
      "/v1/users": { get: op("listUsers", { tags: ["Users"], responses: { "200": { $ref: "#/components/responses/Users" } } }) },
    },
    webhooks: { sessionEnded: { post: op("onEnded") } },
    components: {
      parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
      responses: {
        Session: { description: "s", content: { "application/json": { schema: { $ref: "#/components/schemas/Session" } } } },
        Users: { description: "u", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/User" } } } } },
      },
      schemas: { Session: { type: "object", properties: { owner: { $ref: "#/components/schemas/User" } } }, User: { type: "object" } },
      securitySchemes: {
        Root: { type: "http", scheme: "bearer" },
        Key: { type: "apiKey", in: "header", name: "k" },
        Unused: { type: "http", scheme: "basic" },
      },
    },
  };
}

const select = (selection: OperationSelection, doc = document(), stopOperationId = "stopSession") =>
  selectOperations({ document: doc, selection, stopOperationId, manifestFile: "specs/x/provider.yaml", specFile: "specs/x/openapi.yaml" });

const operationIds = (doc: Record<string, unknown>) =>
  Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
    .flatMap((item) => Object.values(item).map((value) => value?.operationId))
    .filter(Boolean)
    .sort();

describe("selectOperations", () => {
  it.each([
    { selection: "stop" as const, want: ["stopSession"] },
    { selection: "all" as const, want: ["deleteSession", "getSession", "listUsers", "stopSession"] },
    { selection: { operationIds: ["getSession"] }, want: ["getSession", "stopSession"] },
    { selection: { tags: ["Users"] }, want: ["listUsers", "stopSession"] },
    { selection: { pathPrefixes: ["/v1/sessions"] }, want: ["deleteSession", "getSession", "stopSession"] },
    // A prefix matches whole segments: /v1/sess is not a prefix of /v1/sessions.
    { selection: { pathPrefixes: ["/v1/sess"] }, want: ["stopSession"] },
  ])("$selection carries $want", ({ selection, want }) => {
    const { document: selected, totalOperations } = select(selection);
    expect(operationIds(selected)).toEqual(want);
    expect(totalOperations).toBe(4);
  });

  it("prunes components to what the carried operations reach, and keeps the schemes they name", () => {
    const { document: selected } = select({ operationIds: ["getSession"] });
    const components = selected.components as Record<string, Record<string, unknown>>;
    expect(Object.keys(components.schemas ?? {})).toEqual(["Session", "User"]); // User through Session.owner
    expect(Object.keys(components.responses ?? {})).toEqual(["Session"]);
    expect(Object.keys(components.parameters ?? {})).toEqual(["Id"]); // a path-level parameter
    expect(Object.keys(components.securitySchemes ?? {})).toEqual(["Root", "Key"]);
    expect(selected.webhooks).toBeUndefined();
    expect(Object.keys(selected)).toEqual(["openapi", "info", "security", "paths", "components"]);
  });

  it("returns the document itself for all", () => {
    const doc = document();
    expect(select("all", doc).document).toBe(doc);
  });

  it("never changes its input", () => {
    const doc = document();
    const before = JSON.stringify(doc);
    select({ tags: ["Users"] }, doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("refuses a stop operation the spec does not have, listing what it has", () => {
    expect(() => select("stop", document(), "nope")).toThrow(
      'specs/x/provider.yaml (at #/stopSession/operationId): stop-session operation "nope" is not in the spec (operations: getSession, deleteSession, stopSession, listUsers)',
    );
  });

  describe("OpenAPI 3.2 constructs", () => {
    const with32 = () => {
      const doc = document();
      const paths = doc.paths as Record<string, Record<string, unknown>>;
      paths["/v1/search"] = { query: op("searchSessions", { tags: ["Sessions"] }), additionalOperations: { LINK: op("linkSession") } };
      paths["/v1/reports"] = {
        get: op("getReport", { tags: ["Reports"], parameters: [{ name: "filter", in: "querystring", content: { "application/json": {} } }] }),
      };
      return doc;
    };

    it("counts them, and does not carry them when they are not selected", () => {
      const { document: selected, totalOperations } = select("stop", with32());
      expect(totalOperations).toBe(7);
      expect(Object.keys(selected.paths as object)).toEqual(["/v1/sessions/{id}/stop"]);
    });

    it.each([
      {
        selection: "all" as const,
        want: 'specs/x/openapi.yaml (at #/paths/~1v1~1search/query): OpenAPI 3.2 QUERY operation "searchSessions" cannot be generated',
      },
      { selection: { tags: ["Sessions"] }, want: "(at #/paths/~1v1~1search/query): OpenAPI 3.2 QUERY operation" },
      {
        selection: { operationIds: ["linkSession"] },
        want: '(at #/paths/~1v1~1search/additionalOperations/LINK): OpenAPI 3.2 additional operation LINK "linkSession"',
      },
      {
        selection: { tags: ["Reports"] },
        want: "(at #/paths/~1v1~1reports/get/parameters/0): OpenAPI 3.2 `in: querystring` parameter of GET /v1/reports cannot be generated",
      },
    ])("refuses them when selected: $selection", ({ selection, want }) => {
      expect(() => select(selection, with32())).toThrow(want);
    });
  });
});

describe("selectOperations: refs into the paths it drops (specs converted from Swagger 2)", () => {
  const withPathRefs = () => {
    const doc = document();
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    // The dropped listUsers documents a 406 once; the kept stop points at it, as nexmo.com's spec does.
    (paths["/v1/users"] as Record<string, Record<string, unknown>>).get = op("listUsers", {
      responses: { "406": { description: "not acceptable", content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } } } },
    });
    (paths["/v1/sessions/{id}/stop"] as Record<string, unknown>).post = op("stopSession", {
      responses: { "204": { description: "stopped" }, "406": { $ref: "#/paths/~1v1~1users/get/responses/406" } },
    });
    return doc;
  };

  it("inlines what such a ref names, and keeps the components it reaches", () => {
    const { document: selected } = select("stop", withPathRefs());
    const stop = (selected.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)["/v1/sessions/{id}/stop"]?.post;
    expect(stop?.responses["406"]).toEqual({
      description: "not acceptable",
      content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
    });
    expect(JSON.stringify(selected)).not.toContain("#/paths/");
    expect(Object.keys((selected.components as Record<string, Record<string, unknown>>).schemas ?? {})).toEqual(["User"]);
  });

  it("leaves the bundled document as it was", () => {
    const doc = withPathRefs();
    const before = JSON.stringify(doc);
    select("stop", doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("refuses a ref into paths that names nothing, with the spec file and the ref", () => {
    const doc = withPathRefs();
    const stop = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)["/v1/sessions/{id}/stop"]?.post;
    if (stop) stop.responses["406"] = { $ref: "#/paths/~1v1~1gone/get/responses/406" };
    expect(() => select("stop", doc)).toThrow(/\$ref "#\/paths\/~1v1~1gone\/get\/responses\/406" names nothing in the spec/);
  });
});

describe("selectOperations: a ref into part of a component", () => {
  it("is replaced by what it names (openapi-typescript types only whole components), keeping what that reaches", () => {
    const doc = document();
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    (paths["/v1/sessions/{id}/stop"] as Record<string, unknown>).post = op("stopSession", {
      responses: {
        "400": {
          description: "bad",
          content: { "application/json": { schema: { $ref: "#/components/responses/Session/content/application~1json/schema" } } },
        },
      },
    });
    for (const selection of ["stop", "all"] as const) {
      const { document: selected } = select(selection, doc);
      const stop = (selected.paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>)[
        "/v1/sessions/{id}/stop"
      ]?.post;
      expect(stop?.responses["400"]?.content["application/json"]).toEqual({ schema: { $ref: "#/components/schemas/Session" } });
      expect(JSON.stringify(selected)).not.toMatch(/"#\/components\/[^/"]+\/[^/"]+\//);
      expect(Object.keys((selected.components as Record<string, Record<string, unknown>>).schemas ?? {}).sort()).toEqual(["Session", "User"]);
    }
  });
});
