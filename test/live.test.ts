import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFoundryClient } from "../generated/foundry/src/index.js";
import { createHeyGenClient } from "../generated/heygen/src/index.js";
import { createNotteClient } from "../generated/notte/src/index.js";
import { createPipecatClient } from "../generated/pipecat/src/index.js";
import { createTrueFoundryClient } from "../generated/truefoundry/src/index.js";
import { type Reply, startRecordingServer } from "./helpers/recording-server.js";

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const UUID = "639f91d8-d511-4677-a83b-bd7564d5d92f";

/** Given a provider's stop call, want this exact request on the wire. */
const cases = [
  {
    provider: "foundry",
    stop: () =>
      createFoundryClient({ baseUrl: server.url, auth: { entraIdBearer: () => "entra-token" } }).stopSession({ agentId: "my-agent", sessionId: "sess-1" }),
    want: {
      method: "POST",
      url: "/agents/my-agent/endpoint/sessions/sess-1:stop?api-version=v1",
      headers: { authorization: "Bearer entra-token", "foundry-features": "AgentEndpoints=V1Preview" },
      body: "",
    },
    responses: [
      { status: 204, body: undefined, ok: true },
      { status: 404, body: { error: { code: "not_found", message: "no such session" } }, ok: false },
      { status: 500, body: { error: { code: null, message: "boom", details: [{ code: "inner", message: "nested" }] } }, ok: false },
    ],
  },
  {
    provider: "pipecat",
    stop: () => createPipecatClient({ baseUrl: server.url, auth: { privateKeyAuth: "pk" } }).stopSession({ agentId: "my-agent", sessionId: UUID }),
    want: { method: "DELETE", url: `/agents/my-agent/sessions/${UUID}`, headers: { authorization: "Bearer pk" }, body: "" },
    responses: [
      { status: 200, body: { status: "terminated", session_id: UUID }, ok: true },
      { status: 400, body: { error: "invalid session id", code: "bad_request" }, ok: false },
      { status: 404, body: { error: "not found", code: "not_found" }, ok: false },
    ],
  },
  {
    provider: "notte",
    stop: () =>
      createNotteClient({ baseUrl: server.url, auth: { oAuth2PasswordBearer: "notte-key" } }).stopSession({ agentId: "agent-1", sessionId: "sess-1" }),
    want: { method: "DELETE", url: "/agents/agent-1/stop?session_id=sess-1", headers: { authorization: "Bearer notte-key" }, body: "" },
    responses: [
      {
        status: 200,
        body: { agent_id: "agent-1", created_at: "2026-01-01T00:00:00Z", session_id: "sess-1", status: "closed", task: "t", saved: false },
        ok: true,
      },
      { status: 422, body: { detail: [{ loc: ["query", "session_id"], msg: "field required", type: "missing" }] }, ok: false },
    ],
  },
  {
    provider: "truefoundry",
    stop: () =>
      createTrueFoundryClient({ baseUrl: server.url, auth: { authorizationBearer: "jwt" } }).stopSession({ sessionId: "01arz3ndektsv4rrffq69g5fav.g" }),
    want: { method: "POST", url: "/v1/agents/sessions/01arz3ndektsv4rrffq69g5fav.g/cancel", headers: { authorization: "Bearer jwt" }, body: "" },
    responses: [
      { status: 200, body: {}, ok: true },
      { status: 400, body: { error: { message: "invalid session id" } }, ok: false },
      { status: 412, body: { error: { message: "session no longer usable" } }, ok: false },
      { status: 424, body: { error: { message: "timed out" } }, ok: false },
    ],
  },
  {
    provider: "heygen",
    stop: () => createHeyGenClient({ baseUrl: server.url, auth: { apiKeyAuth: "hg-key" } }).stopSession({ sessionId: "sess-1" }),
    want: { method: "POST", url: "/v3/video-agents/sess-1/stop", headers: { "x-api-key": "hg-key", "content-type": "application/json" }, body: "{}" },
    responses: [
      { status: 200, body: { data: { session_id: "sess-1" } }, ok: true },
      { status: 400, body: { error: { code: "invalid_parameter", message: "bad" } }, ok: false },
      { status: 401, body: { error: { code: "authentication_failed", message: "Invalid or expired API key." } }, ok: false },
      { status: 404, body: { error: { code: "not_found", message: "Session not found." } }, ok: false },
      { status: 429, body: { error: { code: "rate_limit_exceeded", message: "Too many requests." } }, headers: { "Retry-After": "30" }, ok: false },
    ],
  },
] as const;

describe.each(cases)("$provider client against a server on 127.0.0.1", ({ stop, want, responses }) => {
  it("sends exactly the documented stop request", async () => {
    server.reply({ status: 200, body: {} });
    await stop();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe(want.method);
    expect(request?.url).toBe(want.url);
    expect(request?.headers).toMatchObject(want.headers);
    expect(request?.body).toBe(want.body);
  });

  it.each(responses.map((r) => ({ ...r, label: String(r.status) })))("types the $label response", async (response) => {
    server.reply(response as Reply);
    const result = await stop();
    expect(result.response.status).toBe(response.status);
    if (response.ok) {
      expect(result.error).toBeUndefined();
      expect(result.data).toEqual(response.body);
    } else {
      expect(result.data).toBeUndefined();
      expect(result.error).toEqual(response.body);
    }
    if ("headers" in response) expect(result.response.headers.get("retry-after")).toBe("30");
  });
});

describe("auth alternatives and overrides", () => {
  it("HeyGen with only a bearer token sends Authorization and no x-api-key", async () => {
    server.reply({ status: 200, body: { data: { session_id: "s" } } });
    await createHeyGenClient({ baseUrl: server.url, auth: { bearerAuth: "oauth-token" } }).stopSession({ sessionId: "s" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer oauth-token");
    expect(server.requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("Foundry's api-version and feature header can be overridden per client", async () => {
    server.reply({ status: 204 });
    const client = createFoundryClient({
      baseUrl: server.url,
      defaults: { query: { "api-version": "2025-11-15-preview" }, header: { "Foundry-Features": "Other=1" } },
    });
    await client.stopSession({ agentId: "a", sessionId: "s" });
    expect(server.requests[0]?.url).toBe("/agents/a/endpoint/sessions/s:stop?api-version=2025-11-15-preview");
    expect(server.requests[0]?.headers["foundry-features"]).toBe("Other=1");
  });

  it("operation methods and the raw openapi-fetch client reach the same endpoint", async () => {
    server.reply({ status: 200, body: {} });
    const client = createPipecatClient({ baseUrl: server.url, auth: { privateKeyAuth: "pk" } });
    await client.operations.stopSession({ params: { path: { agentName: "a", sessionId: UUID } } });
    await client.raw.DELETE("/agents/{agentName}/sessions/{sessionId}", { params: { path: { agentName: "a", sessionId: UUID } } });
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      `DELETE /agents/a/sessions/${UUID} Bearer pk`,
      `DELETE /agents/a/sessions/${UUID} Bearer pk`,
    ]);
  });

  it("server variables fill TrueFoundry's per-tenant URL", async () => {
    server.reply({ status: 200, body: {} });
    const gateway = new URL(server.url).host;
    await createTrueFoundryClient({ serverVariables: { gatewayBaseURL: gateway, tenantName: "acme", scheme: "http" } }).stopSession({ sessionId: "s" });
    expect(server.requests[0]?.url).toBe("/acme/v1/agents/sessions/s/cancel");
    expect(() => createTrueFoundryClient({ serverVariables: { tenantName: "a/b" } })).toThrow(/unsafe value/);
  });
});
