// Path safety of every provider's generated client: which path parameter carries the session or
// the agent, and which constraints the spec puts on it, are read from the manifest and the bundled
// spec, so a provider added under specs/ is covered too.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accepts, credentials, expectedStopRequest, loadClient, type StopInput, stopInit, stopInput, validValue } from "./helpers/clients.js";
import { allProviders, orPlaceholder, type Provider, providersWith, skipNote } from "./helpers/providers.js";
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

const providers = allProviders();
const clients = new Map(await Promise.all(providers.map(async (provider) => [provider.id, await loadClient(provider.id)] as const)));
const clientOf = (provider: Provider) => {
  const client = clients.get(provider.id);
  if (!client) throw new Error(`no client for ${provider.id}`);
  return client;
};
const stop = (provider: Provider, ids: StopInput, options: Record<string, unknown> = {}) =>
  clientOf(provider)
    .create({ baseUrl: server.url, auth: credentials(provider).auth, ...options })
    .stopSession(ids);
const validSession = (provider: Provider) => validValue(provider.sessionPathParameter);
const validAgent = (provider: Provider) => validValue(provider.agentPathParameter, "agent");

/** The path parameter at risk: the session's when it is in the path, else the agent's; none when neither is. */
function atRisk(provider: Provider): { role: "sessionId" | "agentId"; name: string } | undefined {
  if (provider.sessionPathParameter) return { role: "sessionId", name: provider.manifest.stopSession.session.name };
  if (provider.agentPathParameter && provider.manifest.stopSession.agent) return { role: "agentId", name: provider.manifest.stopSession.agent.name };
  return undefined;
}

/** The ids of a stop call with `value` in the role at risk and valid values elsewhere. */
const idsWith = (provider: Provider, role: "sessionId" | "agentId", value: unknown): StopInput =>
  ({ ...stopInput(provider, validSession(provider), validAgent(provider)), [role]: value }) as StopInput;

const unsafe = [
  { label: "empty", value: "" },
  { label: ".", value: "." },
  { label: "..", value: ".." },
  { label: "undefined", value: undefined },
  { label: "null", value: null },
];

describe.each(providers)("$id refuses unsafe path values before sending", (provider) => {
  const risk = atRisk(provider);

  it.skipIf(!risk).each(unsafe)(
    skipNote("$label in the path parameter that carries the session (or else the agent)", risk ? [risk] : [], "no input goes into the path"),
    async ({ value }) => {
      if (!risk) return;
      const ids = idsWith(provider, risk.role, value);
      if (risk.role === "sessionId") {
        await expect(stop(provider, ids)).rejects.toMatchObject({ name: "PathParameterError" });
        await expect(stop(provider, ids)).rejects.toThrow(/path parameter .* no request was sent/);
      } else {
        // The session is not in the path (Notte sends it in the query); the agent id is the value at risk.
        await expect(stop(provider, ids)).rejects.toThrow(new RegExp(`path parameter "${risk.name}"`));
      }
      expect(server.requests).toHaveLength(0);
    },
  );

  // A hostile value, in a parameter whose spec limits let it through (else with the spec's checks off: only encoding is at stake here).
  const hostile = "a/b?c#d%e:f !'()*";
  const candidates = [
    provider.sessionPathParameter && { role: "sessionId" as const, parameter: provider.sessionPathParameter },
    provider.agentPathParameter && provider.manifest.stopSession.agent && { role: "agentId" as const, parameter: provider.agentPathParameter },
  ].filter((candidate) => !!candidate);
  const target = candidates.find((candidate) => accepts(candidate.parameter, hostile)) ?? candidates[0];

  it.skipIf(!target)(skipNote("percent-encodes reserved characters", target ? [target] : [], "no input goes into the path"), async () => {
    if (!target) return;
    const { encodePathSegment } = clientOf(provider);
    await stop(provider, idsWith(provider, target.role, hostile), accepts(target.parameter, hostile) ? {} : { validatePathParameters: false });
    const url = server.requests[0]?.url ?? "";
    expect(url).toContain(encodePathSegment(hostile));
    expect(url).not.toContain("a/b");
    expect(encodePathSegment(hostile)).toBe("a%2Fb%3Fc%23d%25e%3Af%20%21%27%28%29%2A");
  });
});

describe("spec constraints on path values", () => {
  const uuidSessions = providersWith((provider) => provider.sessionPathParameter?.schema?.format === "uuid", providers);
  it.skipIf(uuidSessions.length === 0).each(orPlaceholder(uuidSessions, undefined))(
    skipNote("$id's uuid format is checked, and the check can be turned off", uuidSessions, "no provider's session path parameter has format uuid"),
    async (provider) => {
      if (!provider) return;
      const ids = idsWith(provider, "sessionId", "not-a-uuid");
      await expect(stop(provider, ids)).rejects.toThrow(/must be a UUID/);
      expect(server.requests).toHaveLength(0);
      await stop(provider, ids, { validatePathParameters: false });
      expect(server.requests[0]?.url).toBe(expectedStopRequest(provider, ids).url);
    },
  );

  const sessionsInPath = providersWith((provider) => provider.sessionPathParameter !== undefined, providers);
  it.skipIf(sessionsInPath.length === 0).each(orPlaceholder(sessionsInPath, undefined))(
    skipNote("$id: an empty session id is refused even with the spec's checks off", sessionsInPath, "no provider has the session in the path"),
    async (provider) => {
      if (!provider) return;
      await expect(stop(provider, idsWith(provider, "sessionId", ""), { validatePathParameters: false })).rejects.toThrow(/is empty/);
      expect(server.requests).toHaveLength(0);
    },
  );

  const withPathInput = providersWith((provider) => atRisk(provider) !== undefined, providers);
  it.skipIf(withPathInput.length === 0).each(orPlaceholder(withPathInput, undefined))(
    skipNote("$id: the raw openapi-fetch client is guarded too", withPathInput, "no input goes into the path"),
    async (provider) => {
      const risk = provider && atRisk(provider);
      if (!provider || !risk) return;
      const client = clientOf(provider).create({ baseUrl: server.url, auth: credentials(provider).auth });
      const init = stopInit(provider, idsWith(provider, risk.role, ".."));
      await expect(client.raw[provider.stop.method.toUpperCase()]?.(provider.stop.path, init)).rejects.toThrow(/dot segment/);
      expect(server.requests).toHaveLength(0);
    },
  );
});
