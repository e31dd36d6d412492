// Model stage, piece by piece: identifiers, servers, security, parameters, responses, stop mapping.
import { describe, expect, it } from "vitest";
import type { ProviderManifest } from "../../generator/load/manifest.js";
import { camelCase, isSafeIdentifier, pascalCase, uniqueNames } from "../../generator/model/identifiers.js";
import { buildOperations } from "../../generator/model/operations.js";
import { buildParameters, constraintsOf } from "../../generator/model/parameters.js";
import { buildResponses, kindOf } from "../../generator/model/responses.js";
import { buildSecurityRequirements, buildSecuritySchemes } from "../../generator/model/security.js";
import { buildServers } from "../../generator/model/servers.js";
import { buildStopSession } from "../../generator/model/stop-session.js";

const FILE = "specs/x/openapi.yaml";

describe("identifiers", () => {
  it.each([
    { given: "stopSession", camel: "stopSession", pascal: "StopSession" },
    { given: "stop-video-agent_session", camel: "stopVideoAgentSession", pascal: "StopVideoAgentSession" },
    { given: "agents.sessions.stop", camel: "agentsSessionsStop", pascal: "AgentsSessionsStop" },
    { given: "PrivateKeyAuth", camel: "privateKeyAuth", pascal: "PrivateKeyAuth" },
    { given: "OAuth2PasswordBearer", camel: "oAuth2PasswordBearer", pascal: "OAuth2PasswordBearer" },
    { given: "2fa", camel: "_2fa", pascal: "_2fa" },
    { given: "delete", camel: "delete_", pascal: "Delete" },
    { given: "constructor", camel: "constructor_", pascal: "Constructor" },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile spec text, on purpose
    { given: "*/ ${x} `", camel: "x", pascal: "X" },
    { given: "", camel: "_", pascal: "_" },
  ])("$given → $camel / $pascal", ({ given, camel, pascal }) => {
    expect(camelCase(given)).toBe(camel);
    expect(pascalCase(given)).toBe(pascal);
    expect(isSafeIdentifier(camelCase(given))).toBe(true);
  });

  it.each([
    { given: "ok", want: true },
    { given: "_a$1", want: true },
    { given: "1a", want: false },
    { given: "a-b", want: false },
    { given: "await", want: false },
    { given: "__proto__", want: false },
    { given: "a\u2028b", want: false },
  ])("isSafeIdentifier($given) is $want", ({ given, want }) => {
    expect(isSafeIdentifier(given)).toBe(want);
  });

  it.each([
    { given: ["a", "b"], want: ["a", "b"] },
    { given: ["a", "a", "a"], want: ["a", "a2", "a3"] },
    { given: ["a2", "a", "a"], want: ["a2", "a", "a3"] },
  ])("uniqueNames($given)", ({ given, want }) => {
    expect(uniqueNames(given)).toEqual(want);
  });
});

describe("servers", () => {
  it.each([
    { given: {}, want: [] },
    { given: { servers: [{ url: "https://api.x" }] }, want: [{ url: "https://api.x", description: undefined, variables: [] }] },
    {
      given: { servers: [{ url: "{s}://{h}", variables: { s: { default: "https", enum: ["http", "https"] }, h: { default: "x.io", description: "host" } } }] },
      want: [
        {
          url: "{s}://{h}",
          description: undefined,
          variables: [
            { name: "h", default: "x.io", enum: undefined, description: "host" },
            { name: "s", default: "https", enum: ["http", "https"], description: undefined },
          ],
        },
      ],
    },
  ])("buildServers %#", ({ given, want }) => {
    expect(buildServers(given)).toEqual(want);
  });
});

describe("security", () => {
  const schemes = (securitySchemes: object) => ({ components: { securitySchemes } });
  it.each([
    { given: { B: { type: "http", scheme: "Bearer", bearerFormat: "JWT" } }, want: { kind: "http-bearer", name: "B", optionName: "b", bearerFormat: "JWT" } },
    { given: { Basic: { type: "http", scheme: "basic" } }, want: { kind: "http-basic", name: "Basic", optionName: "basic" } },
    {
      given: { ApiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key" } },
      want: { kind: "api-key", name: "ApiKeyAuth", optionName: "apiKeyAuth", in: "header", parameterName: "x-api-key" },
    },
    {
      given: { OAuth2PasswordBearer: { type: "oauth2", flows: { password: { tokenUrl: "t", scopes: {} } } } },
      want: { kind: "oauth2", name: "OAuth2PasswordBearer", optionName: "oAuth2PasswordBearer", flows: ["password"] },
    },
    {
      given: { Oidc: { type: "openIdConnect", openIdConnectUrl: "https://x/.well-known" } },
      want: { kind: "openid-connect", name: "Oidc", url: "https://x/.well-known" },
    },
  ])("buildSecuritySchemes → $want.kind", ({ given, want }) => {
    expect(buildSecuritySchemes(schemes(given), FILE)).toEqual([expect.objectContaining(want)]);
  });

  it.each([
    { given: { M: { type: "mutualTLS" } }, want: 'specs/x/openapi.yaml (at #/components/securitySchemes/M): unsupported security scheme type "mutualTLS"' },
    { given: { D: { type: "http", scheme: "digest" } }, want: 'unsupported security scheme type "http" with scheme "digest"' },
  ])("refuses $want", ({ given, want }) => {
    expect(() => buildSecuritySchemes(schemes(given), FILE)).toThrow(want);
  });

  it("gives clashing option names distinct spellings", () => {
    const names = buildSecuritySchemes(schemes({ "api-key": { type: "http", scheme: "bearer" }, ApiKey: { type: "http", scheme: "bearer" } }), FILE);
    expect(names.map((scheme) => scheme.optionName)).toEqual(["apiKey", "apiKey2"]);
  });

  it.each([
    { given: undefined, want: [] },
    { given: [{}], want: [[]] },
    { given: [{ b: [], a: [] }, { c: ["scope"] }], want: [["a", "b"], ["c"]] },
  ])("buildSecurityRequirements %#", ({ given, want }) => {
    expect(buildSecurityRequirements(given)).toEqual(want);
  });
});

describe("parameters", () => {
  it.each([
    { given: { type: "string", format: "uuid" }, want: { type: "string", format: "uuid" } },
    { given: { type: "string", pattern: "^[a-z]+$", minLength: 1, maxLength: 64 }, want: { type: "string", pattern: "^[a-z]+$", minLength: 1, maxLength: 64 } },
    { given: { anyOf: [{ type: "string", format: "uuid" }, { type: "null" }] }, want: { type: "string", format: "uuid" } },
    { given: { type: ["string", "null"], enum: ["a", "b"] }, want: { type: "string", enum: ["a", "b"] } },
    { given: { type: "string", const: "AgentEndpoints=V1Preview" }, want: { type: "string", enum: ["AgentEndpoints=V1Preview"] } },
    { given: { anyOf: [{ $ref: "#/components/schemas/Id" }, { type: "null" }] }, want: { type: "string", pattern: "^s_" } },
  ])("constraintsOf %#", ({ given, want }) => {
    const document = { components: { schemas: { Id: { type: "string", pattern: "^s_" } } } };
    expect(constraintsOf(given, document)).toEqual(want);
  });

  it("merges path-level and operation-level parameters, the operation winning; path parameters are required", () => {
    const document = { components: { parameters: { Q: { name: "api-version", in: "query", required: true, schema: { type: "string" } } } } };
    const pathItem = {
      parameters: [
        { name: "id", in: "path", schema: { type: "string" } },
        { name: "limit", in: "query", description: "path level" },
      ],
    };
    const operation = {
      parameters: [{ $ref: "#/components/parameters/Q" }, { name: "LIMIT", in: "query", description: "operation level" }, { name: "x", in: "body" }],
    };
    const grouped = buildParameters(document, pathItem, operation);
    expect(grouped.path.map(({ name, required }) => ({ name, required }))).toEqual([{ name: "id", required: true }]);
    expect(grouped.query.map(({ name, required, description }) => ({ name, required, description }))).toEqual([
      { name: "LIMIT", required: false, description: "operation level" },
      { name: "api-version", required: true, description: undefined },
    ]);
    expect(grouped.header).toEqual([]);
  });
});

describe("responses", () => {
  it.each([
    { given: "200", want: "success" },
    { given: "204", want: "success" },
    { given: "2XX", want: "success" },
    { given: "302", want: "redirect" },
    { given: "4XX", want: "client-error" },
    { given: "503", want: "server-error" },
    { given: "default", want: "default" },
    { given: "101", want: "informational" },
  ])("kindOf($given) is $want", ({ given, want }) => {
    expect(kindOf(given)).toBe(want);
  });

  it("lists responses by status with their content types and headers", () => {
    const document = { components: { responses: { Err: { description: "err", content: { "application/json": {} }, headers: { "Retry-After": {} } } } } };
    const responses = buildResponses(document, { responses: { "429": { $ref: "#/components/responses/Err" }, "204": { description: "gone" } } });
    expect(responses).toEqual([
      { status: "204", kind: "success", description: "gone", contentTypes: [], headers: [], bodyFields: [], shape: null },
      { status: "429", kind: "client-error", description: "err", contentTypes: ["application/json"], headers: ["Retry-After"], bodyFields: [], shape: {} },
    ]);
  });

  it("keeps what every valid JSON body has: types, required properties through allOf, none from oneOf", () => {
    const document = {
      components: {
        schemas: {
          Base: {
            type: "object",
            required: ["error"],
            properties: { error: { type: "object", required: ["code"], properties: { code: { type: "string" } } } },
          },
        },
      },
    };
    const schema = {
      allOf: [
        { $ref: "#/components/schemas/Base" },
        { type: "object", required: ["retryable"], properties: { retryable: { type: "boolean", nullable: true } } },
      ],
      oneOf: [{ required: ["a"] }, { required: ["b"] }],
    };
    const [response] = buildResponses(document, { responses: { "400": { description: "bad", content: { "application/problem+json": { schema } } } } });
    expect(response?.shape).toEqual({
      required: [
        ["error", { type: ["object"], required: [["code", { type: ["string"] }]] }],
        ["retryable", { type: ["boolean", "null"] }],
      ],
    });
  });
});

describe("operations and the stop mapping", () => {
  const document = {
    security: [{ Root: [] }],
    paths: {
      "/agents/{agentId}/sessions/{sessionId}": {
        parameters: [{ name: "agentId", in: "path" }],
        delete: { operationId: "stop-session", parameters: [{ name: "sessionId", in: "path" }], responses: { "204": { description: "ok" } } },
        get: { operationId: "getSession", security: [], responses: { "200": { description: "ok" } } },
      },
    },
  };
  const operations = buildOperations(document, FILE);
  const manifest = (stopSession: Partial<ProviderManifest["stopSession"]>) =>
    ({ stopSession: { operationId: "stop-session", effect: "terminate", session: { in: "path", name: "sessionId" }, ...stopSession } }) as ProviderManifest;

  it("builds one operation per method, in a fixed method order, with its effective security", () => {
    expect(operations.map(({ operationId, methodName, method, security }) => ({ operationId, methodName, method, security }))).toEqual([
      { operationId: "getSession", methodName: "getSession", method: "get", security: [] },
      { operationId: "stop-session", methodName: "stopSession", method: "delete", security: [["Root"]] },
    ]);
  });

  const resolve = (stopSession: Partial<ProviderManifest["stopSession"]>, defaults = { query: {}, header: {} }) =>
    buildStopSession({ manifest: manifest(stopSession), operations, document, defaults, manifestFile: "specs/x/provider.yaml" });

  it("maps the session and the agent (agent is required: it is part of the path)", () => {
    const model = resolve({ agent: { in: "path", name: "agentId" } });
    expect(model.inputs.map(({ field, role, in: where, name, required }) => ({ field, role, where, name, required }))).toEqual([
      { field: "agentId", role: "agent", where: "path", name: "agentId", required: true },
      { field: "sessionId", role: "session", where: "path", name: "sessionId", required: true },
    ]);
    expect(model).toMatchObject({ operationId: "stop-session", effect: "terminate", constants: [], defaulted: [], sendsBody: false });
  });

  it.each([
    {
      case: "an unknown operation",
      given: { operationId: "nope" },
      want: 'specs/x/provider.yaml (at #/stopSession/operationId): stop-session operation "nope" is not in the spec (operations: getSession, stop-session)',
    },
    {
      case: "a session in the wrong place",
      given: { session: { in: "query", name: "sessionId" } },
      want: '(at #/stopSession/session): "sessionId" is not a query parameter of stop-session (DELETE /agents/{agentId}/sessions/{sessionId}) (parameters: path agentId, path sessionId)',
    },
    {
      case: "a body field without a body",
      given: { agent: { in: "body", name: "agent" } },
      want: '(at #/stopSession/agent): "agent" is mapped to the body, but stop-session (DELETE /agents/{agentId}/sessions/{sessionId}) has no request body',
    },
    {
      case: "a required path parameter nobody covers",
      given: {},
      want: 'requires path parameter "agentId", which the stop mapping does not cover: add each to stopSession.inputs',
    },
  ] as const)("refuses $case", ({ given, want }) => {
    expect(() => resolve(given)).toThrow(want);
  });
});

describe("stop mappings of real shapes", () => {
  const document = {
    openapi: "3.1.0",
    paths: {
      "/v1/sessions/{id}": {
        post: {
          operationId: "updateSession",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } },
            { name: "api-version", in: "query", required: true, schema: { type: "string", enum: ["2024-01-01", "2025-05-01"] } },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Update" } } },
          },
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: {
      schemas: {
        Update: {
          allOf: [
            { type: "object", required: ["status"], properties: { status: { type: "string", enum: ["RUNNING", "REQUEST_RELEASE"] } } },
            { type: "object", properties: { reason: { type: "string" } } },
          ],
        },
      },
    },
  };
  const operations = buildOperations(document, FILE);
  const resolve = (stopSession: Partial<ProviderManifest["stopSession"]>, defaults = { query: {} as Record<string, string>, header: {} }) =>
    buildStopSession({
      manifest: { stopSession: { operationId: "updateSession", effect: "terminate", session: { in: "path", name: "id" }, ...stopSession } } as ProviderManifest,
      operations,
      document,
      defaults,
      manifestFile: "specs/x/provider.yaml",
    });

  it.each([
    {
      case: "a constant body field and an input for the required query",
      given: { constants: { body: { status: "REQUEST_RELEASE" } }, inputs: [{ in: "query" as const, name: "api-version" }] },
      defaults: {} as Record<string, string>,
      want: {
        inputs: [
          { field: "sessionId", valueType: "integer", in: "path" },
          { field: "apiVersion", valueType: "string", in: "query", required: true },
        ],
        constants: [{ in: "body", name: "status", value: "REQUEST_RELEASE" }],
        defaulted: [],
        sendsBody: true,
      },
    },
    {
      case: "the required query filled by a manifest default",
      given: { constants: { body: { status: "REQUEST_RELEASE" } } },
      defaults: { "api-version": "2025-05-01" } as Record<string, string>,
      want: { defaulted: [{ in: "query", name: "api-version" }] },
    },
  ])("resolves $case", ({ given, defaults, want }) => {
    expect(resolve(given, { query: defaults, header: {} })).toMatchObject(want);
  });

  it.each([
    {
      case: "a constant the schema forbids",
      given: { constants: { body: { status: "STOPPED" } }, inputs: [{ in: "query" as const, name: "api-version" }] },
      want: 'constant "STOPPED" for body "status" is not allowed by the spec: value must be equal to one of the allowed values',
    },
    {
      case: "a required body field nobody covers",
      given: { inputs: [{ in: "query" as const, name: "api-version" }] },
      want: 'requires body field "status", which the stop mapping does not cover',
    },
    {
      case: "a required query nobody covers, named",
      given: { constants: { body: { status: "REQUEST_RELEASE" } } },
      want: 'requires query parameter "api-version", which the stop mapping does not cover',
    },
    {
      case: "a body constant that is not a field",
      given: { constants: { body: { action: "stop" } } },
      want: '"action" is not a field of updateSession (POST /v1/sessions/{id})\'s JSON body (fields: status, reason)',
    },
    {
      case: "two inputs with one name",
      given: { inputs: [{ in: "query" as const, name: "api-version", input: "sessionId" }] },
      want: 'input name "sessionId" is already used by #/stopSession/session',
    },
  ])("refuses $case", ({ given, want }) => {
    expect(() => resolve(given)).toThrow(want);
  });
});
