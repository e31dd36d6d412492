// Issue 14's classes on every provider's generated client, against a node:http server on
// 127.0.0.1: each stop input is checked wherever it goes (path, query, header, body), a path with
// no values is refused, credentials are validated when the client is created and named (never
// shown) when refused, and a seeded fuzz of ~1,000 values per provider finds no escape, no
// unchecked value sent and no secret in an error. Inputs and limits come from the manifest and the
// bundled spec, so a provider added under specs/ is covered too.
import { inspect } from "node:util";
import { CredentialError, InputError, PathParameterError } from "@agentstop/runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accepts, credentials, expectedStopRequest, loadClient, type StopInput, stopInput, validValue } from "./helpers/clients.js";
import { allProviders, type Provider } from "./helpers/providers.js";
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
const factory = (provider: Provider) => (clients.get(provider.id) as Awaited<ReturnType<typeof loadClient>>).create;
const validInput = (provider: Provider): StopInput =>
  stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent"));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const everyView = (value: unknown) =>
  [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 6, showHidden: true }), (value as Error)?.stack ?? ""].join("\n");

describe.each(providers)("$id checks every stop input before sending", (provider) => {
  const auth = credentials(provider);
  const client = () => factory(provider)({ baseUrl: server.url, auth: auth.auth });
  const outsidePath = provider.stopSession.inputs.filter((input) => input.in !== "path");
  const inPath = provider.stopSession.inputs.filter((input) => input.in === "path");
  const namesAThing = (role: string) => role !== "input";

  for (const input of outsidePath) {
    const bad: [string, unknown][] = [
      ["missing", undefined] as [string, unknown],
      ["null", null] as [string, unknown],
      ["a lone surrogate", "ab\ud800"] as [string, unknown],
      ...(input.required || namesAThing(input.role) ? ([["empty", ""]] as [string, unknown][]) : []),
      ...(namesAThing(input.role)
        ? ([
            ["the string undefined", "undefined"],
            ["the string null", "null"],
          ] as [string, unknown][])
        : []),
      ...(input.in === "header" ? ([["a line break", "a\r\nX-Injected: 1"]] as [string, unknown][]) : []),
    ].filter(([label]) => input.required || (label !== "missing" && label !== "null"));
    it.each(bad)(`refuses %s in ${input.field} (the ${input.in} ${input.name}) with an InputError, sending nothing`, async (_label, value) => {
      const error = await refusal(client().stopSession({ ...validInput(provider), [input.field]: value }));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: input.field, location: input.in, parameter: input.name });
      expect(server.requests).toHaveLength(0);
    });
  }

  for (const input of inPath) {
    it.each([
      ["the string undefined", "undefined"],
      ["the string null", "null"],
      ["a lone surrogate", "x\udc00"],
    ])(`refuses %s in ${input.field} (the path ${input.name}) with a PathParameterError, sending nothing`, async (_label, value) => {
      const error = await refusal(client().stopSession({ ...validInput(provider), [input.field]: value }));
      expect(error).toBeInstanceOf(PathParameterError);
      expect(server.requests).toHaveLength(0);
    });
  }

  it.skipIf(!provider.stop.path.includes("{"))("refuses an operation or raw call with no path values instead of sending the template", async () => {
    const methods = client().operations;
    const stop = Object.values(methods).find(() => true) as (init?: object) => Promise<unknown>;
    for (const call of [() => stop(), () => stop({}), () => client().raw[provider.stop.method.toUpperCase()]?.(provider.stop.path, {}) as Promise<unknown>]) {
      expect(await refusal(call())).toBeInstanceOf(PathParameterError);
    }
    expect(server.requests).toHaveLength(0);
  });

  const options = Object.keys(auth.auth);
  it.skipIf(options.length === 0)("validates credentials when the client is created, naming the option and never the value", async () => {
    for (const option of options) {
      for (const value of ["", "tok\r\nX-Injected: 1", "tok\0en", "tökén", " padded "]) {
        let thrown: unknown;
        try {
          factory(provider)({ baseUrl: server.url, auth: { ...auth.auth, [option]: value } });
        } catch (error) {
          thrown = error;
        }
        expect(thrown, JSON.stringify(value)).toBeInstanceOf(CredentialError);
        expect((thrown as Error).message).toContain(`auth.${option}`);
        if (value.trim() !== "") expect(everyView(thrown)).not.toContain(value.trim());
      }
      // A function is asked when the request goes out; a bad answer refuses that call.
      const late = factory(provider)({ baseUrl: server.url, auth: { ...auth.auth, [option]: () => "late\nsecret" } });
      const error = await refusal(late.stopSession(validInput(provider)));
      expect(error).toBeInstanceOf(CredentialError);
      expect(everyView(error)).not.toContain("secret");
    }
    expect(server.requests).toHaveLength(0);
  });

  it.skipIf(options.length === 0)("refuses to send a stop that needs credentials without any, naming the options", async () => {
    const error = await refusal(factory(provider)({ baseUrl: server.url }).stopSession(validInput(provider)));
    expect(error).toBeInstanceOf(CredentialError);
    expect((error as Error).message).toMatch(/^auth\.\w+.* needed by /);
    expect(server.requests).toHaveLength(0);
  });
});

/** mulberry32: a small seeded PRNG, so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "..",
  ".",
  "/",
  "\\",
  "?",
  "#",
  "%",
  "%2e",
  "%2F",
  "&",
  "=",
  ";",
  ":",
  "@",
  "\r",
  "\n",
  "\0",
  " ",
  "\t",
  "\ud800",
  "\udfff",
  "é",
  "😀",
  "\u2028",
  "undefined",
  "null",
  "a",
  "Z",
  "0",
  "-",
  "_",
  "~",
  "'",
  '"',
  "<",
  ">",
  "{",
  "}",
  "|",
  "*",
];

/** A hostile value: pieces joined, or a number, or a long run, or (rarely) a non-string. */
function fuzzValue(random: () => number, valid: string): unknown {
  const pick = random();
  if (pick < 0.05) return [undefined, null, 0, -1, 1.5, true, {}, []][Math.floor(random() * 8)];
  if (pick < 0.1) return "a".repeat(1 + Math.floor(random() * 300));
  if (pick < 0.2) return `${valid}${PIECES[Math.floor(random() * PIECES.length)]}`;
  const count = 1 + Math.floor(random() * 5);
  return Array.from({ length: count }, () => PIECES[Math.floor(random() * PIECES.length)]).join("");
}

const FUZZ_VALUES = 1000;

describe.each(providers)("$id under a seeded fuzz of its stop inputs", (provider) => {
  it(`sends only checked values, never escapes, never shows a secret (${FUZZ_VALUES} values, seed 14)`, { timeout: 60_000 }, async () => {
    const auth = credentials(provider);
    const secrets = Object.values(auth.auth);
    const client = factory(provider)({ baseUrl: server.url, auth: auth.auth, maxRetries: 0 });
    const random = prng(14);
    const targets = provider.stopSession.inputs.filter((input) => input.role === "session" || input.role === "agent");
    const prefix = provider.stop.path.split("{")[0] as string;
    const parameterOf = (name: string, where: string) => provider.stop.parameters.find((parameter) => parameter.name === name && parameter.in === where);
    let sent = 0;
    let refused = 0;
    const deadline = Date.now() + 45_000;
    for (let i = 0; i < FUZZ_VALUES && Date.now() < deadline; i++) {
      const target = targets[i % targets.length];
      if (!target) break;
      const input = { ...validInput(provider), [target.field]: fuzzValue(random, validValue(parameterOf(target.name, target.in))) };
      server.requests.length = 0;
      const error = await refusal(client.stopSession(input));
      if (error !== undefined) {
        refused++;
        expect(error, `value ${JSON.stringify(input[target.field])}`).toSatisfy((e) => e instanceof PathParameterError || e instanceof InputError);
        for (const secret of secrets) expect(everyView(error)).not.toContain(secret);
        expect(server.requests).toHaveLength(0);
        continue;
      }
      sent++;
      const [request] = server.requests;
      const value = input[target.field];
      // Sent: the value is one the spec accepts, and arrives exactly where the template puts it.
      if (target.in === "path" || target.in === "query")
        expect(accepts(parameterOf(target.name, target.in) ?? { schema: {} }, String(value)), JSON.stringify(value)).toBe(true);
      // No escape: the path keeps the template's prefix and its number of segments, and decodes to what was asked for.
      const want = expectedStopRequest(provider, input as StopInput, { credentials: auth }).url;
      const [path = "", query = ""] = (request?.url ?? "").split("?");
      expect(path.startsWith(prefix), path).toBe(true);
      expect(path.split("/")).toHaveLength((want.split("?")[0] ?? "").split("/").length);
      expect(decodeURIComponent(path)).toBe(decodeURIComponent(want.split("?")[0] ?? ""));
      expect(new URLSearchParams(query).toString()).toBe(new URLSearchParams(want.split("?")[1] ?? "").toString());
    }
    // The run must exercise both outcomes, or it proves nothing about one of them.
    expect(sent).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe("every auth kind the runtime sends", () => {
  const kinds = [
    { scheme: { kind: "bearer", option: "token" }, sent: (secret: string) => ["authorization", `Bearer ${secret}`] },
    { scheme: { kind: "basic", option: "login" }, sent: (secret: string) => ["authorization", `Basic ${btoa(secret)}`] },
    { scheme: { kind: "api-key", in: "header", name: "X-Api-Key", option: "apiKey" }, sent: (secret: string) => ["x-api-key", secret] },
    { scheme: { kind: "api-key", in: "query", name: "key", option: "queryKey" }, sent: (secret: string) => ["?key", secret] },
    { scheme: { kind: "api-key", in: "cookie", name: "sid", option: "cookieKey" }, sent: (secret: string) => ["cookie", `sid=${secret}`] },
  ] as const;

  it.each(kinds)("$scheme.kind $scheme.option: sent where it belongs, refused by name when unsafe, absent from every error", async ({ scheme, sent }) => {
    const runtime = await import("@agentstop/runtime");
    const secret = `s3cret-${scheme.option}`;
    const call = async (credential: unknown) => {
      const auth = runtime.createAuth({ S: scheme }, { "POST /stop": [["S"]] }, { S: credential as string });
      const transport = runtime.createTransport({ userAgent: "test/0", authorize: auth.authorize, maxRetries: 0 });
      const request = new Request(`${server.url}/stop`, { method: "POST", headers: { [runtime.OPERATION_HEADER]: "POST /stop" } });
      return transport.fetch(request);
    };
    await call(secret);
    const [name, value] = sent(secret) as [string, string];
    const request = server.requests[0];
    if (name === "?key") expect(new URL(request?.url ?? "", server.url).searchParams.get("key")).toBe(value);
    else expect(request?.headers[name]).toBe(value);
    expect(request?.headers[runtime.OPERATION_HEADER]).toBeUndefined();
    for (const unsafe of ["", `${secret}\r\nX-Injected: 1`, `${secret}\0`, `${secret}é`]) {
      const error = await refusal(call(unsafe));
      expect(error).toBeInstanceOf(CredentialError);
      expect((error as Error).message).toContain(`auth.${scheme.option}`);
      expect(everyView(error)).not.toContain(secret);
    }
    expect(server.requests).toHaveLength(1);
  });
});
