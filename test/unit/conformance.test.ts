// The stop-session contract, check by check, on small specs built in code; then mutations of
// Pipecat's real spec (the seed copy in test/fixtures/seeds/pipecat) that must flip the right cell.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKS } from "../../generator/conformance/contract.js";
import { evaluateConformance } from "../../generator/conformance/evaluate.js";
import type { Exchange } from "../../generator/conformance/live/exchange.js";
import { assertRequestAccepted, LIVE_CHECKS } from "../../generator/conformance/live/live-checks.js";
import type { LintFinding } from "../../generator/lint/lint-and-bundle.js";
import { discoverProviders } from "../../generator/load/discover.js";
import { loadProvider } from "../../generator/load/load-provider.js";
import type { ProviderManifest } from "../../generator/load/manifest.js";
import { applyOverlay } from "../../generator/load/overlay.js";
import { buildModel } from "../../generator/model/build-model.js";
import { fixtureFile } from "../helpers/providers.js";
import { repoRoot } from "../helpers/repo.js";

type Spec = Record<string, unknown>;
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });

/** The minimal stop operation every case starts from. */
const STOP = {
  operationId: "stop",
  parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
  responses: { "204": { description: "stopped" } },
};

/** A minimal spec around STOP; each case overrides what it is about. */
function spec(operation: Record<string, unknown> = {}, root: Record<string, unknown> = {}): Spec {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    servers: [{ url: "https://api.example.com" }],
    components: { securitySchemes: { Bearer: { type: "http", scheme: "bearer" } } },
    security: [{ Bearer: [] }],
    paths: {
      "/sessions/{id}": {
        delete: { ...STOP, ...operation },
      },
    },
    ...root,
  };
}

const manifest = (stopSession: Partial<ProviderManifest["stopSession"]> = {}): ProviderManifest => ({
  id: "probe",
  displayName: "Probe",
  package: "@agentstop/probe",
  upstream: { url: "https://example.com", format: "openapi" },
  stopSession: { operationId: "stop", effect: "terminate", session: { in: "path", name: "id" }, ...stopSession },
});

function cells(document: Spec, options: { manifest?: ProviderManifest; findings?: LintFinding[]; overlaid?: string[] } = {}) {
  const model = buildModel({
    manifest: options.manifest ?? manifest(),
    document,
    specFile: "specs/probe/openapi.yaml",
    manifestFile: "specs/probe/provider.yaml",
  });
  return evaluateConformance(model, options.findings ?? [], options.overlaid ?? []).cells;
}

function cell(document: Spec, id: string, options: { manifest?: ProviderManifest; findings?: LintFinding[] } = {}) {
  const result = cells(document, options)[id];
  if (!result) throw new Error(`no cell ${id}`);
  return { status: result.status, value: result.value };
}

describe("the contract", () => {
  it("has unique kebab-case ids, and says why and how for each check", () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of CHECKS) {
      expect(check.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(check.why.length, check.id).toBeGreaterThan(20);
      expect(check.how.length, check.id).toBeGreaterThan(20);
    }
  });
});

const finding = (severity: "error" | "warn", ruleId: string): LintFinding => ({ severity, ruleId, message: "m", file: "f", pointer: "#/" });
const errorBody = (properties: Record<string, unknown>) => json({ type: "object", properties });

describe.each([
  { check: "method-path-shape", given: spec(), want: { status: "pass", value: "rest-delete: DELETE /sessions/{id}" } },
  {
    check: "method-path-shape",
    given: { ...spec(), paths: { "/s/{id}:stop": { post: STOP } } },
    want: { status: "pass", value: "custom-method: POST /s/{id}:stop" },
  },
  {
    check: "method-path-shape",
    given: { ...spec(), paths: { "/s/{id}/stop": { get: STOP } } },
    want: { status: "fail", value: "GET /s/{id}/stop" },
  },
  // PATCH and PUT on the session resource are state changes, not a failure.
  {
    check: "method-path-shape",
    given: { ...spec(), paths: { "/browsers/{id}": { patch: STOP } } },
    want: { status: "pass", value: "state-update: PATCH /browsers/{id}" },
  },
  {
    check: "method-path-shape",
    given: { ...spec(), paths: { "/browsers/{id}": { put: STOP } } },
    want: { status: "pass", value: "state-update: PUT /browsers/{id}" },
  },
  // A DELETE on a path that ends in a verb is an action, not a REST delete of the session.
  {
    check: "method-path-shape",
    given: {
      ...spec(),
      paths: {
        "/agents/{agent_id}/stop": {
          delete: {
            ...STOP,
            parameters: [
              { name: "agent_id", in: "path", required: true, schema: { type: "string" } },
              { name: "session_id", in: "query", required: true, schema: { type: "string" } },
            ],
          },
        },
      },
    },
    manifest: manifest({ session: { in: "query", name: "session_id" }, agent: { in: "path", name: "agent_id" } }),
    want: { status: "pass", value: "action-delete: DELETE /agents/{agent_id}/stop" },
  },
  // The stop mapping's constants are shown with the shape: they are what makes this PATCH a stop.
  {
    check: "method-path-shape",
    given: {
      ...spec(),
      paths: {
        "/browsers/{id}": {
          patch: {
            ...STOP,
            requestBody: {
              required: true,
              ...json({ type: "object", required: ["status"], properties: { status: { type: "string", enum: ["RUNNING", "REQUEST_RELEASE"] } } }),
            },
          },
        },
      },
    },
    manifest: manifest({ constants: { body: { status: "REQUEST_RELEASE" } } }),
    want: { status: "pass", value: "state-update: PATCH /browsers/{id} + body status=REQUEST_RELEASE" },
  },
  { check: "session-location", given: spec(), want: { status: "pass", value: "path string" } },
  {
    check: "session-location",
    given: spec({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } }] }),
    want: { status: "pass", value: "path integer" },
  },
  { check: "session-constrained", given: spec(), want: { status: "fail", value: "unconstrained" } },
  // A length bound alone is not a constraint; a format, a pattern, an enum or an integer type is.
  {
    check: "session-constrained",
    given: spec({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", minLength: 1 } }] }),
    want: { status: "fail", value: "minLength 1 only" },
  },
  {
    check: "session-constrained",
    given: spec({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } }] }),
    want: { status: "pass", value: "integer, format int64" },
  },
  {
    check: "session-constrained",
    given: spec({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", enum: ["a", "b"] } }] }),
    want: { status: "pass", value: "enum of 2" },
  },
  // owner/repo scoping counts as scoping.
  {
    check: "agent-scoped",
    given: {
      ...spec(),
      paths: {
        "/repos/{owner}/{repo}/sessions/{id}": {
          delete: {
            ...STOP,
            parameters: ["owner", "repo", "id"].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
          },
        },
      },
    },
    manifest: manifest({
      scope: [
        { in: "path", name: "owner" },
        { in: "path", name: "repo" },
      ],
    }),
    want: { status: "pass", value: "scope path owner, path repo" },
  },
  {
    check: "session-constrained",
    given: spec({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid", maxLength: 36 } }] }),
    want: { status: "pass", value: "format uuid, maxLength 36" },
  },
  { check: "agent-scoped", given: spec(), want: { status: "fail", value: "no" } },
  { check: "auth-declared", given: spec({ security: [] }), want: { status: "fail", value: "none" } },
  { check: "auth-declared", given: spec(), want: { status: "pass", value: "http-bearer" } },
  { check: "servers-declared", given: spec({}, { servers: [] }), want: { status: "fail", value: "none" } },
  { check: "api-version-pinned", given: spec(), want: { status: "fail", value: "none" } },
  { check: "api-version-pinned", given: spec({}, { servers: [{ url: "https://api.example.com/v2" }] }), want: { status: "pass", value: "server" } },
  {
    check: "api-version-pinned",
    given: spec({
      parameters: [STOP.parameters[0], { name: "api-version", in: "query", required: true, schema: { type: "string" } }],
    }),
    // A required query needs a default (or an input) in the stop mapping.
    manifest: { ...manifest(), defaults: { query: { "api-version": "v1" } } },
    want: { status: "pass", value: "query api-version" },
  },
  { check: "success-code", given: spec(), want: { status: "pass", value: "204" } },
  { check: "success-code", given: spec({ responses: { "201": { description: "x" } } }), want: { status: "fail", value: "none" } },
  { check: "success-echo", given: spec(), want: { status: "fail", value: "no body" } },
  {
    check: "success-echo",
    given: spec({
      responses: {
        "200": { description: "ok", ...json({ type: "object", properties: { data: { type: "object", properties: { sessionId: {}, state: {} } } } }) },
      },
    }),
    want: { status: "pass", value: "data.sessionId, data.state" },
  },
  // The id of the returned session resource echoes the session.
  {
    check: "success-echo",
    given: spec({
      responses: { "200": { description: "ok", ...json({ type: "object", properties: { id: { type: "string" }, status: { type: "string" } } }) } },
    }),
    want: { status: "pass", value: "id, status" },
  },
  { check: "already-stopped", given: spec({ responses: { "204": {}, "409": { description: "already" } } }), want: { status: "pass", value: "409" } },
  { check: "unknown-session", given: spec({ responses: { "204": {}, "4XX": { description: "any" } } }), want: { status: "fail", value: "none" } },
  { check: "unknown-session", given: spec({ responses: { "204": {}, "404": { description: "gone" } } }), want: { status: "pass", value: "404" } },
  { check: "validation-error", given: spec({ responses: { "204": {}, "422": { description: "bad" } } }), want: { status: "pass", value: "422" } },
  {
    check: "auth-failure",
    given: spec({ responses: { "204": {}, "401": { description: "no" }, "403": { description: "no" } } }),
    want: { status: "pass", value: "401, 403" },
  },
  { check: "rate-limit", given: spec({ responses: { "204": {}, "429": { description: "slow down" } } }), want: { status: "fail", value: "429 only" } },
  {
    check: "rate-limit",
    given: spec({ responses: { "204": {}, "429": { description: "slow down", headers: { "Retry-After": { schema: { type: "integer" } } } } } }),
    want: { status: "pass", value: "429 + Retry-After" },
  },
  { check: "server-errors", given: spec({ responses: { "204": {}, "503": { description: "down" } } }), want: { status: "pass", value: "503" } },
  { check: "error-code", given: spec(), want: { status: "fail", value: "no errors" } },
  {
    check: "error-code",
    given: spec({
      responses: {
        "204": {},
        "400": { description: "e", ...errorBody({ message: {} }) },
        "500": { description: "e", ...errorBody({ error: { properties: { code: {} } } }) },
      },
    }),
    want: { status: "fail", value: "error.code" },
  },
  {
    check: "error-code",
    given: spec({ responses: { "204": {}, "422": { description: "e", ...errorBody({ detail: { type: "array", items: { properties: { type: {} } } } }) } } }),
    want: { status: "pass", value: "detail[].type" },
  },
] as const)("$check", (row) => {
  const { check, given, want } = row;
  it(`→ ${want.status} ${want.value}`, () => {
    expect(cell(given as Spec, check, "manifest" in row ? { manifest: row.manifest as ProviderManifest } : {})).toEqual(want);
  });
});

describe("cells decided from the manifest and the lint findings", () => {
  it("operation-mapped → fail when the mapped operation is gone", () => {
    // An unmapped operation cannot get past buildModel; decide the cell on a model that lost it.
    const model = buildModel({ manifest: manifest(), document: spec(), specFile: "s", manifestFile: "m" });
    const row = evaluateConformance({ ...model, stopSession: { ...model.stopSession, operationId: "nope" } }, []);
    expect({ status: row.cells["operation-mapped"]?.status, value: row.cells["operation-mapped"]?.value }).toEqual({ status: "fail", value: "nope" });
  });

  it.each([
    { given: { manifest: manifest({ effect: "cancel-turn" }) }, check: "stop-effect", want: { status: "pass", value: "cancel-turn" } },
    { given: { findings: [finding("warn", "a"), finding("warn", "b")] }, check: "lint", want: { status: "pass", value: "0 errors, 2 warnings" } },
    { given: { findings: [finding("error", "a")] }, check: "lint", want: { status: "fail", value: "1 error, 0 warnings" } },
  ])("$check → $want.status", ({ given, check, want }) => {
    expect(cell(spec(), check, given)).toEqual(want);
  });
});

describe("mutating Pipecat's real spec flips the right cell", () => {
  const pipecat = () => parse(fixtureFile("pipecat", "openapi.yaml")) as Spec;
  const pipecatManifest = parse(fixtureFile("pipecat", "provider.yaml")) as ProviderManifest;
  const stopOperation = (document: Spec) =>
    (document.paths as Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>)["/agents/{agentName}/sessions/{sessionId}"]
      ?.delete;

  it("as published: unknown session passes, rate limit fails", () => {
    expect(cell(pipecat(), "unknown-session", { manifest: pipecatManifest }).status).toBe("pass");
    expect(cell(pipecat(), "rate-limit", { manifest: pipecatManifest })).toEqual({ status: "fail", value: "none" });
  });

  it("without its 404, the unknown-session cell fails", () => {
    const document = pipecat();
    const operation = stopOperation(document);
    if (!operation) throw new Error("Pipecat's stop operation moved");
    delete operation.responses["404"];
    expect(cell(document, "unknown-session", { manifest: pipecatManifest })).toEqual({ status: "fail", value: "none" });
  });

  it("with Retry-After on its errors but still no 429, the rate-limit cell changes its value", () => {
    const document = pipecat();
    const operation = stopOperation(document);
    if (!operation) throw new Error("Pipecat's stop operation moved");
    for (const status of ["400", "404"]) {
      (operation.responses[status] as Record<string, unknown>).headers = { "Retry-After": { schema: { type: "integer" } } };
    }
    expect(cell(document, "rate-limit", { manifest: pipecatManifest })).toEqual({ status: "fail", value: "Retry-After, no 429" });
  });

  it("with a 429 carrying Retry-After, the rate-limit cell passes", () => {
    const document = pipecat();
    const operation = stopOperation(document);
    if (!operation) throw new Error("Pipecat's stop operation moved");
    operation.responses["429"] = { description: "Too many requests", headers: { "Retry-After": { schema: { type: "integer" } } } };
    expect(cell(document, "rate-limit", { manifest: pipecatManifest })).toEqual({ status: "pass", value: "429 + Retry-After" });
  });
});

describe("one 404 is credited once: to “already stopped” or to “unknown session”, read from its description", () => {
  const with404 = (description: string, more: Record<string, unknown> = {}) => spec({ responses: { "204": {}, "404": { description }, ...more } });
  const pair = (document: Spec) => {
    const all = cells(document);
    return {
      already: { status: all["already-stopped"]?.status, value: all["already-stopped"]?.value },
      unknown: { status: all["unknown-session"]?.status, value: all["unknown-session"]?.value },
    };
  };

  it.each([
    { given: with404("Session not found"), want: { already: { status: "fail", value: "none" }, unknown: { status: "pass", value: "404" } } },
    { given: with404("The session does not exist."), want: { already: { status: "fail", value: "none" }, unknown: { status: "pass", value: "404" } } },
    {
      given: with404("Session already stopped"),
      want: { already: { status: "pass", value: "404" }, unknown: { status: "fail", value: "404 = already stopped" } },
    },
    {
      given: with404("The session has ended or is not running"),
      want: { already: { status: "pass", value: "404" }, unknown: { status: "fail", value: "404 = already stopped" } },
    },
    // Ambiguous (neither, or both): credited to unknown-session, the other left n/a.
    { given: with404("Error"), want: { already: { status: "n/a", value: "404 → unknown session" }, unknown: { status: "pass", value: "404" } } },
    {
      given: with404("Not found, or already terminated"),
      want: { already: { status: "n/a", value: "404 → unknown session" }, unknown: { status: "pass", value: "404" } },
    },
    // A 409 answers "already stopped" on its own; the 404 then stays with unknown-session.
    {
      given: with404("Error", { "409": { description: "Conflict" } }),
      want: { already: { status: "pass", value: "409" }, unknown: { status: "pass", value: "404" } },
    },
  ])("404 “$given.paths./sessions/{id}.delete.responses.404.description” → $want.already.status / $want.unknown.status", ({ given, want }) => {
    expect(pair(given)).toEqual(want);
  });

  it.each(["Session not found", "Already stopped", "Error", "", "Not found or already ended", "Gone"])(
    "“%s” never passes both with the same 404",
    (description) => {
      const { already, unknown } = pair(with404(description));
      expect(already.status === "pass" && already.value?.includes("404") && unknown.status === "pass").toBe(false);
    },
  );

  it("says which check got an ambiguous 404 and why", () => {
    const reason = cells(with404("Error"))["already-stopped"]?.reason ?? "";
    expect(reason).toContain("“Error”");
    expect(reason).toContain("credited to “Unknown session → 404”");
  });
});

describe("cells that rest on agentstop's overlay say so", () => {
  const overlay = (actions: unknown[]) => ({ overlay: "1.0.0", info: { title: "fix", version: "1" }, actions });

  it.each([
    {
      case: "a member added to the root",
      document: { paths: {} },
      actions: [{ target: "$", update: { servers: [{ url: "https://x" }] } }],
      want: ["#/servers"],
    },
    { case: "an item appended to a list", document: { servers: [] }, actions: [{ target: "$.servers", update: { url: "https://x" } }], want: ["#/servers/0"] },
    {
      case: "a member merged into an operation",
      document: { paths: { "/a/{id}": { post: { summary: "s" } } } },
      actions: [{ target: "$.paths['/a/{id}'].post", update: { operationId: "stop" } }],
      want: ["#/paths/~1a~1{id}/post/operationId"],
    },
    {
      case: "a merge reports the deepest member it set",
      document: { components: { securitySchemes: { Old: {} } } },
      actions: [{ target: "$", update: { security: [{ New: [] }], components: { securitySchemes: { New: { type: "http", scheme: "bearer" } } } } }],
      want: ["#/security", "#/components/securitySchemes/New"],
    },
    { case: "a removal", document: { info: { title: "t" } }, actions: [{ target: "$.info.title", remove: true }], want: ["#/info/title"] },
  ])("applyOverlay returns the pointers it changed: $case", ({ document, actions, want }) => {
    expect(applyOverlay(document as Record<string, unknown>, overlay(actions), "specs/probe/overlay.yaml", () => undefined)).toEqual(want);
  });

  /** A spec with no server, no auth and no operationId, fixed by an overlay that adds all three. */
  const bare = (): Spec => {
    const document = spec({ security: undefined }, { servers: [] });
    const operation = (document.paths as Record<string, Record<string, Record<string, unknown>>>)["/sessions/{id}"]?.delete ?? {};
    delete operation.operationId;
    delete operation.security;
    delete document.security;
    delete document.components;
    return document;
  };
  const fixes = overlay([
    { target: "$.servers", update: { url: "https://api.example.com" } },
    { target: "$", update: { security: [{ Bearer: [] }], components: { securitySchemes: { Bearer: { type: "http", scheme: "bearer" } } } } },
    { target: "$.paths['/sessions/{id}'].delete", update: { operationId: "stop" } },
  ]);
  const marked = ["operation-mapped", "auth-declared", "servers-declared"];

  it("given the overlay's pointers → those cells pass “via overlay” and name the overlay file", () => {
    const document = bare();
    const overlaid = applyOverlay(document, fixes, "specs/probe/overlay.yaml", () => undefined);
    const row = cells(document, { overlaid });
    expect(marked.map((id) => row[id]?.value)).toEqual(["stop via overlay", "http-bearer via overlay", "https://api.example.com via overlay"]);
    for (const id of marked) expect(row[id]?.reason, id).toContain("from agentstop's overlay (specs/probe/overlay.yaml), not the provider's spec.");
    const others = Object.entries(row).filter(([id]) => !marked.includes(id));
    expect(others.filter(([, result]) => result.value.endsWith("via overlay") || result.reason.includes("overlay.yaml"))).toEqual([]);
  });

  it("given the same spec written by the provider (no pointers) → nothing says “via overlay”", () => {
    const document = bare();
    applyOverlay(document, fixes, "specs/probe/overlay.yaml", () => undefined);
    expect(Object.values(cells(document)).filter((result) => result.value.endsWith("via overlay"))).toEqual([]);
  });

  it("a change inside the session parameter's list marks the session cells, not the others", () => {
    const row = cells(spec(), { overlaid: ["#/paths/~1sessions~1{id}/delete/parameters/0/schema"] });
    const via = Object.entries(row)
      .filter(([, result]) => result.reason.includes("overlay.yaml"))
      .map(([id]) => id);
    expect(via.sort()).toEqual(["session-constrained", "session-location"]);
  });

  // Every provider under specs/: an overlay that adds servers, auth or an operationId marks the cell that reads it.
  it.each(discoverProviders(path.join(repoRoot, "specs")))("%s: the cells its overlay decides say “via overlay”, and only those", (id) => {
    const loaded = loadProvider(repoRoot, id);
    const model = buildModel({ manifest: loaded.manifest, document: loaded.document, specFile: loaded.specFile, manifestFile: `specs/${id}/provider.yaml` });
    const row = evaluateConformance(model, [], loaded.overlaid).cells;
    const via = new Set(
      Object.entries(row)
        .filter(([, result]) => result.reason.includes(`specs/${id}/overlay.yaml`))
        .map(([check]) => check),
    );
    const expected = new Set<string>();
    for (const pointer of loaded.overlaid) {
      if (pointer.startsWith("#/servers") && model.servers.length > 0) expected.add("servers-declared");
      if (pointer === "#/security" || pointer.startsWith("#/components/securitySchemes")) expected.add("auth-declared");
      if (pointer.endsWith("/operationId")) expected.add("operation-mapped");
    }
    expect(via).toEqual(expected);
    for (const check of via) if (row[check]?.status === "pass") expect(row[check]?.value, check).toMatch(/ via overlay$/);
  });
});

describe("a mock server that rejects the client's own request is a generator failure, not a cell", () => {
  const accepted = (exchanges: Exchange[]) => LIVE_CHECKS.find((check) => check.id === "live-request-accepted")?.decide(exchanges);
  const plain = (over: Partial<Exchange>): Exchange => ({
    hasData: false,
    hasError: false,
    requestViolations: [],
    responseViolations: [],
    body: { kind: "no-schema" },
    ...over,
  });

  it.each([
    {
      given: plain({
        status: 422,
        hasError: true,
        requestViolations: ["Request header parameter X-Region must be equal to one of the allowed values: eu, us"],
      }),
      want: ["probe:", "status 422", "X-Region must be equal to one of the allowed values", "generator failure", "specs/probe/provider.yaml"],
    },
    { given: plain({ status: 401, hasError: true }), want: ["probe:", "status 401", "not a 2XX"] },
    { given: plain({ thrown: "path parameter is empty" }), want: ["probe:", "the client threw", "path parameter is empty"] },
  ])("given $given.status $given.thrown → throws, naming the provider, the status and the violations", ({ given, want }) => {
    let message = "";
    try {
      assertRequestAccepted("probe", accepted([given]));
    } catch (error) {
      message = (error as Error).message;
    }
    for (const text of want) expect(message).toContain(text);
  });

  it("given an accepted request → no error", () => {
    expect(() => assertRequestAccepted("probe", accepted([plain({ status: 204 })]))).not.toThrow();
  });
});
