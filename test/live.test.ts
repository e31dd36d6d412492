// Every provider's generated client against a node:http server on 127.0.0.1. What each call must
// put on the wire, and which responses it must type, is read from the provider's manifest and its
// bundled spec (generated/<id>/openapi.json), so a provider added under specs/ is covered too.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { credentials, expectedStopRequest, loadClient, operationMethodName, replyFor, stopInit, stopInput, validValue } from "./helpers/clients.js";
import { allProviders, documentedStatuses, orPlaceholder, type Provider, providersWith, skipNote } from "./helpers/providers.js";
import { type Reply, startRecordingServer } from "./helpers/recording-server.js";
import { repoRoot } from "./helpers/repo.js";

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const providers = allProviders();
const clients = new Map(await Promise.all(providers.map(async (provider) => [provider.id, await loadClient(provider.id)] as const)));
const clientOf = (provider: Provider) => {
  const client = clients.get(provider.id);
  if (!client) throw new Error(`no client for ${provider.id}`);
  return client;
};

/** A session and an agent id the provider's own path checks accept. */
const inputFor = (provider: Provider) => stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent"));

describe.each(providers)("$id client against a server on 127.0.0.1", (provider) => {
  const input = inputFor(provider);
  const auth = credentials(provider);

  it("sends exactly the documented stop request (credentials given as functions)", async () => {
    const want = expectedStopRequest(provider, input, { credentials: auth });
    server.reply({ status: 200, body: {} });
    const tokens = Object.fromEntries(Object.entries(auth.auth).map(([name, secret]) => [name, () => secret]));
    await clientOf(provider).create({ baseUrl: server.url, auth: tokens }).stopSession(input);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe(want.method);
    expect(request?.url).toBe(want.url);
    expect(request?.headers).toMatchObject(want.headers);
    expect(request?.body).toBe(want.body);
  });

  const { success, errors } = documentedStatuses(provider.stop);
  it.each([...success, ...errors].map((key) => ({ ...replyFor(provider, key), ok: success.includes(key), label: key })))(
    "types the $label response",
    async (response) => {
      server.reply(response as Reply);
      // Retrying is covered by the fault tests; here each documented answer is typed as it comes.
      const result = await clientOf(provider).create({ baseUrl: server.url, auth: auth.auth, maxRetries: 0 }).stopSession(input);
      expect(result.response.status).toBe(response.status);
      if (response.ok) {
        expect(result.error).toBeUndefined();
        expect(result.data).toEqual(response.body);
      } else {
        expect(result.data).toBeUndefined();
        expect(result.error).toEqual(response.body);
      }
      if (response.headers) expect(result.response.headers.get("retry-after")).toBe("30");
    },
  );
});

describe("auth alternatives and overrides", () => {
  const alternatives = providersWith((provider) => provider.stop.security.length > 1, providers);
  it.skipIf(alternatives.length === 0).each(orPlaceholder(alternatives, undefined))(
    skipNote(
      "$id with only its second auth alternative sends that one and not the first",
      alternatives,
      "no provider's stop operation accepts alternative auth",
    ),
    async (provider) => {
      if (!provider) return;
      const [first, second] = [credentials(provider, 0), credentials(provider, 1)];
      server.reply({ status: 200, body: {} });
      await clientOf(provider).create({ baseUrl: server.url, auth: second.auth }).stopSession(inputFor(provider));
      const want = expectedStopRequest(provider, inputFor(provider), { credentials: second });
      expect(server.requests[0]?.headers).toMatchObject(want.headers);
      expect(server.requests[0]?.url).toBe(want.url);
      for (const name of Object.keys(first.headers).filter((name) => !(name in second.headers)))
        expect(server.requests[0]?.headers[name], name).toBeUndefined();
    },
  );

  const withDefaults = providersWith(
    (provider) => Object.keys({ ...provider.manifest.defaults?.query, ...provider.manifest.defaults?.header }).length > 0,
    providers,
  );
  it.skipIf(withDefaults.length === 0).each(orPlaceholder(withDefaults, undefined))(
    skipNote("$id's manifest defaults (query and header) can be overridden per client", withDefaults, "no provider.yaml has defaults"),
    async (provider) => {
      if (!provider) return;
      const override = (values: Record<string, string> = {}) => Object.fromEntries(Object.keys(values).map((name) => [name, `override-${name.length}`]));
      const defaults = { query: override(provider.manifest.defaults?.query), header: override(provider.manifest.defaults?.header) };
      server.reply({ status: 200, body: {} });
      const input = inputFor(provider);
      const auth = credentials(provider);
      await clientOf(provider).create({ baseUrl: server.url, defaults, auth: auth.auth }).stopSession(input);
      const want = expectedStopRequest(provider, input, { defaults, credentials: auth });
      expect(server.requests[0]?.url).toBe(want.url);
      expect(server.requests[0]?.headers).toMatchObject(want.headers);
      for (const [name, value] of Object.entries(provider.manifest.defaults?.query ?? {})) expect(server.requests[0]?.url, name).not.toContain(`=${value}`);
    },
  );

  it.each(providers)("$id: operation methods and the raw openapi-fetch client reach the same endpoint", async (provider) => {
    server.reply({ status: 200, body: {} });
    const input = inputFor(provider);
    const auth = credentials(provider);
    const client = clientOf(provider).create({ baseUrl: server.url, auth: auth.auth });
    const method = operationMethodName(provider);
    expect(Object.keys(client.operations)).toContain(method);
    await client.operations[method]?.(stopInit(provider, input));
    await client.raw[provider.stop.method.toUpperCase()]?.(provider.stop.path, stopInit(provider, input));
    const want = expectedStopRequest(provider, input, { credentials: auth });
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      `${want.method} ${want.url} ${want.headers.authorization}`,
      `${want.method} ${want.url} ${want.headers.authorization}`,
    ]);
  });

  const withVariables = providersWith((provider) => Object.keys(provider.stop.servers[0]?.variables ?? {}).length > 0, providers);
  it.skipIf(withVariables.length === 0).each(orPlaceholder(withVariables, undefined))(
    skipNote("server variables fill $id's server URL, and unsafe values are refused", withVariables, "no provider's server has variables"),
    async (provider) => {
      if (!provider) return;
      const server0 = provider.stop.servers[0] ?? {};
      const variables = Object.entries((server0.variables ?? {}) as Record<string, { default: string; enum?: string[] }>);
      // A value of our own for each variable: another of its enum values when it has some.
      const values = Object.fromEntries(
        variables.map(([name, variable]) => [
          name,
          variable.enum ? (variable.enum.find((value) => value !== variable.default) ?? variable.default) : `v-${name.toLowerCase()}`,
        ]),
      );
      const urls: string[] = [];
      const fetch = async (request: Request) => {
        urls.push(request.url);
        return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
      };
      const input = inputFor(provider);
      const auth = credentials(provider);
      await clientOf(provider).create({ serverVariables: values, fetch, auth: auth.auth }).stopSession(input);
      const base = String(server0.url)
        .replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? "")
        .replace(/\/+$/, "");
      expect(urls).toEqual([`${base}${expectedStopRequest(provider, input, { credentials: auth }).url}`]);

      const free = variables.find(([, variable]) => !variable.enum);
      if (free) expect(() => clientOf(provider).create({ serverVariables: { ...values, [free[0]]: "a/b" } })).toThrow(/unsafe value/);
      const closed = variables.find(([, variable]) => variable.enum);
      if (closed) expect(() => clientOf(provider).create({ serverVariables: { ...values, [closed[0]]: "not-in-enum" } })).toThrow(/must be one of/);
    },
  );
});

describe("no request to a host nobody chose", () => {
  /** Variables whose default the generator treats as unusable: read from the client's own type, so the rule is not restated here. */
  const withRequired = providers.filter((provider) => /Required: /.test(readFileSync(path.join(repoRoot, "generated", provider.id, "src/client.ts"), "utf8")));
  it.skipIf(withRequired.length === 0).each(orPlaceholder(withRequired, undefined))(
    skipNote(
      "$id without baseUrl or its server variables refuses to be created, naming the option",
      withRequired,
      "no provider has a server without a usable default",
    ),
    (provider) => {
      if (!provider) return;
      const auth = credentials(provider);
      expect(() => clientOf(provider).create({ auth: auth.auth })).toThrow(/serverVariables\.\w+ \(or baseUrl\) is required/);
      expect(() => clientOf(provider).create({ baseUrl: server.url, auth: auth.auth })).not.toThrow();
    },
  );
});
