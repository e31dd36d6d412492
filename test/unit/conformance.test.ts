// The stop-session contract, check by check, on small specs built in code; then mutations of
// Pipecat's real spec (the seed copy in test/fixtures/seeds/pipecat) that must flip the right cell.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKS } from "../../generator/conformance/contract.js";
import { evaluateConformance } from "../../generator/conformance/evaluate.js";
import type { LintFinding } from "../../generator/lint/lint-and-bundle.js";
import type { ProviderManifest } from "../../generator/load/manifest.js";
import { buildModel } from "../../generator/model/build-model.js";
import { fixtureFile } from "../helpers/providers.js";

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

function cell(document: Spec, id: string, options: { manifest?: ProviderManifest; findings?: LintFinding[] } = {}) {
  const model = buildModel({
    manifest: options.manifest ?? manifest(),
    document,
    specFile: "specs/probe/openapi.yaml",
    manifestFile: "specs/probe/provider.yaml",
  });
  const row = evaluateConformance(model, options.findings ?? []);
  const result = row.cells[id];
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
  { check: "session-location", given: spec(), want: { status: "pass", value: "path" } },
  { check: "session-constrained", given: spec(), want: { status: "fail", value: "unconstrained" } },
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
