import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFoundryClient } from "../generated/foundry/src/index.js";
import { createHeyGenClient } from "../generated/heygen/src/index.js";
import { createNotteClient } from "../generated/notte/src/index.js";
import { createPipecatClient, encodePathSegment } from "../generated/pipecat/src/index.js";
import { createTrueFoundryClient } from "../generated/truefoundry/src/index.js";
import { startRecordingServer } from "./helpers/recording-server.js";

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply({ status: 200, body: {} });
});

type Stop = (ids: { agentId: string; sessionId: string }) => Promise<unknown>;
const UUID = "639f91d8-d511-4677-a83b-bd7564d5d92f";

/** Every provider's stop call, with the path parameter that carries an unsafe value. */
const providers: { name: string; stop: Stop; sessionInPath: boolean; validSession: string }[] = [
  { name: "foundry", stop: (ids) => createFoundryClient({ baseUrl: server.url }).stopSession(ids), sessionInPath: true, validSession: "s" },
  { name: "pipecat", stop: (ids) => createPipecatClient({ baseUrl: server.url }).stopSession(ids), sessionInPath: true, validSession: UUID },
  { name: "notte", stop: (ids) => createNotteClient({ baseUrl: server.url }).stopSession(ids), sessionInPath: false, validSession: "s" },
  {
    name: "truefoundry",
    stop: ({ sessionId }) => createTrueFoundryClient({ baseUrl: server.url }).stopSession({ sessionId }),
    sessionInPath: true,
    validSession: "s",
  },
  { name: "heygen", stop: ({ sessionId }) => createHeyGenClient({ baseUrl: server.url }).stopSession({ sessionId }), sessionInPath: true, validSession: "s" },
];

const unsafe = [
  { label: "empty", value: "" },
  { label: ".", value: "." },
  { label: "..", value: ".." },
  { label: "undefined", value: undefined },
  { label: "null", value: null },
];

describe.each(providers)("$name refuses unsafe path values before sending", ({ name, stop, sessionInPath, validSession }) => {
  it.each(unsafe)("session id $label", async ({ value }) => {
    // Notte carries the session in the query; its agent id is the path value at risk.
    const ids = sessionInPath ? { agentId: "agent", sessionId: value as string } : { agentId: value as string, sessionId: validSession };
    if (sessionInPath) {
      await expect(stop(ids)).rejects.toMatchObject({ name: "PathParameterError" });
      await expect(stop(ids)).rejects.toThrow(/path parameter .* no request was sent/);
    } else {
      await expect(stop(ids)).rejects.toThrow(/path parameter "agent_id"/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("percent-encodes reserved characters", async () => {
    const hostile = "a/b?c#d%e:f !'()*";
    const ids = name === "pipecat" ? { agentId: hostile, sessionId: UUID } : { agentId: "agent", sessionId: hostile };
    if (name === "notte") ids.agentId = hostile;
    await stop(ids);
    const url = server.requests[0]?.url ?? "";
    expect(url).toContain(encodePathSegment(hostile));
    expect(url).not.toContain("a/b");
    expect(encodePathSegment(hostile)).toBe("a%2Fb%3Fc%23d%25e%3Af%20%21%27%28%29%2A");
  });
});

describe("spec constraints on path values", () => {
  it("Pipecat's uuid format is checked, and the check can be turned off", async () => {
    await expect(createPipecatClient({ baseUrl: server.url }).stopSession({ agentId: "a", sessionId: "not-a-uuid" })).rejects.toThrow(/must be a UUID/);
    expect(server.requests).toHaveLength(0);
    await createPipecatClient({ baseUrl: server.url, validatePathParameters: false }).stopSession({ agentId: "a", sessionId: "not-a-uuid" });
    expect(server.requests[0]?.url).toBe("/agents/a/sessions/not-a-uuid");
  });

  it("TrueFoundry's minLength applies, but empty is refused even with checks off", async () => {
    await expect(createTrueFoundryClient({ baseUrl: server.url, validatePathParameters: false }).stopSession({ sessionId: "" })).rejects.toThrow(/is empty/);
    expect(server.requests).toHaveLength(0);
  });

  it("the raw openapi-fetch client is guarded too", async () => {
    const client = createPipecatClient({ baseUrl: server.url });
    await expect(client.raw.DELETE("/agents/{agentName}/sessions/{sessionId}", { params: { path: { agentName: "..", sessionId: UUID } } })).rejects.toThrow(
      /dot segment/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
