// Names JavaScript treats specially (`then`, `__proto__`, `constructor`, `prototype`) in every
// place a spec name reaches generated code: operationIds (method names), security schemes (the
// auth table and options), path and query parameters, body fields, server variables and component
// schemas. The client must compile, keep every rule, and behave: not thenable, the right header,
// the pattern still checked, the body field still sent.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../generator/pipeline.js";
import { startRecordingServer } from "./helpers/recording-server.js";
import { copyRepo, repoRoot } from "./helpers/repo.js";

const SPEC = `openapi: 3.1.0
info: { title: Specials, version: "1" }
servers:
  - url: "https://{__proto__}.specials.test/v1"
    variables: { __proto__: { default: "api", enum: ["api", "eu"] } }
security: [{ "__proto__": [] }, { "constructor": [] }]
paths:
  "/sessions/{__proto__}/stop":
    post:
      operationId: then
      summary: Stop
      parameters:
        - { name: "__proto__", in: path, required: true, schema: { type: string, pattern: "^[a-z]+$" } }
        - { name: "constructor", in: query, required: false, schema: { type: string } }
        - { name: "prototype", in: header, required: false, schema: { type: string } }
      requestBody:
        required: true
        content: { application/json: { schema: { type: object, properties: { "__proto__": { type: string }, "then": { type: string } } } } }
      responses:
        "200": { description: ok }
        "400": { description: bad, content: { application/json: { schema: { $ref: "#/components/schemas/prototype" } } } }
  "/things/{constructor}":
    get:
      operationId: constructor
      summary: Get
      parameters: [{ name: "constructor", in: path, required: true, schema: { type: string, minLength: 2 } }]
      responses: { "200": { description: ok } }
components:
  schemas:
    prototype: { type: object, required: ["__proto__"], properties: { "__proto__": { type: string } } }
  securitySchemes:
    "__proto__": { type: http, scheme: bearer }
    "constructor": { type: apiKey, in: header, name: X-Key }
`;

const MANIFEST = `id: specials
displayName: Specials
package: "@agentstop/specials"
stopSession:
  operationId: then
  effect: terminate
  session: { in: path, name: "__proto__" }
  inputs: [{ in: query, name: "constructor", input: ctor }]
  constants: { body: { "__proto__": "stop" } }
operations: all
`;

let scratch: ReturnType<typeof copyRepo>;
let server: Awaited<ReturnType<typeof startRecordingServer>>;
let create: (options: object) => {
  operations: Record<string, (init?: object) => Promise<{ ok: boolean; error?: unknown }>>;
  stopSession: (input: object) => Promise<{ ok: boolean; status: number; error?: unknown }>;
};
let client: string;

beforeAll(async () => {
  scratch = copyRepo();
  const dir = path.join(scratch.root, "specs", "specials");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "openapi.yaml"), SPEC);
  writeFileSync(path.join(dir, "provider.yaml"), MANIFEST);
  const result = await generate(scratch.root, { only: "specials", live: false });
  const row = result.providers[0];
  if (!row?.ok) throw new Error(`specials did not generate: ${row?.error?.message}`);
  for (const [file, content] of result.files) {
    mkdirSync(path.dirname(path.join(scratch.root, file)), { recursive: true });
    writeFileSync(path.join(scratch.root, file), content);
  }
  execFileSync("ln", ["-s", path.join(repoRoot, "node_modules"), path.join(scratch.root, "node_modules")]);
  client = readFileSync(path.join(scratch.root, "generated/specials/src/client.ts"), "utf8");
  const module = (await import(pathToFileURL(path.join(scratch.root, "generated/specials/src/index.ts")).href)) as Record<string, typeof create>;
  create = module.createSpecialsClient as typeof create;
  server = await startRecordingServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  scratch?.cleanup();
});

describe("special names in every identifier position", () => {
  it("renames what would become a special identifier, and writes __proto__ keys as computed keys", () => {
    expect(client).toContain("then_: (...[init])");
    expect(client).toContain("constructor_: (...[init])");
    expect(client).not.toMatch(/^\s*"__proto__":/m);
    expect(client).toMatch(/\["__proto__"\]: /);
  });

  it("the operations object is not a thenable: awaiting it gives it back", async () => {
    const specials = create({ baseUrl: server.url, auth: { proto: "tok" } });
    expect("then" in specials.operations).toBe(false);
    const awaited = await Promise.race([Promise.resolve(specials.operations), new Promise((resolve) => setTimeout(() => resolve("hung"), 1000))]);
    expect(awaited).toBe(specials.operations);
    expect(server.requests).toHaveLength(0);
  });

  it("a scheme named __proto__ sends its bearer token, and one named constructor its key", async () => {
    server.reply({ status: 200, body: {} });
    server.requests.length = 0;
    await create({ baseUrl: server.url, auth: { proto: "tok-1" } }).stopSession({ sessionId: "abc", ctor: "c" });
    await create({ baseUrl: server.url, auth: { constructor_: "key-2" } }).stopSession({ sessionId: "abc" });
    expect(server.requests.map((request) => [request.headers.authorization, request.headers["x-key"]])).toEqual([
      ["Bearer tok-1", undefined],
      [undefined, "key-2"],
    ]);
  });

  it("a path parameter named __proto__ is filled and keeps its pattern; the body field __proto__ is sent", async () => {
    server.reply({ status: 200, body: {} });
    server.requests.length = 0;
    await create({ baseUrl: server.url, auth: { proto: "t" } }).stopSession({ sessionId: "abc", ctor: "c" });
    expect(server.requests[0]?.url).toBe("/sessions/abc/stop?constructor=c");
    expect(JSON.parse(server.requests[0]?.body ?? "{}")).toEqual(JSON.parse('{"__proto__":"stop"}'));
    await expect(create({ baseUrl: server.url, auth: { proto: "t" } }).stopSession({ sessionId: "ABC" })).rejects.toThrow(/must match the pattern/);
    expect(server.requests).toHaveLength(1);
  });

  it("a documented error whose schema requires __proto__ is typed only when the body has it", async () => {
    const specials = create({ baseUrl: server.url, auth: { proto: "t" } });
    server.reply({ status: 400, body: JSON.parse('{"__proto__":"x"}') });
    expect((await specials.stopSession({ sessionId: "abc" })).error).toEqual(JSON.parse('{"__proto__":"x"}'));
    server.reply({ status: 400, body: { other: 1 } });
    expect((await specials.stopSession({ sessionId: "abc" })).error).toMatchObject({ reason: "schema-mismatch" });
  });

  it("a server variable named __proto__ is filled from the option and checked against its enum", () => {
    const urls: string[] = [];
    const fetch = async (request: Request) => {
      urls.push(request.url);
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    return create({ serverVariables: JSON.parse('{"__proto__":"eu"}'), fetch, auth: { proto: "t" } })
      .stopSession({ sessionId: "abc" })
      .then(() => {
        expect(urls).toEqual(["https://eu.specials.test/v1/sessions/abc/stop"]);
        expect(() => create({ serverVariables: JSON.parse('{"__proto__":"elsewhere"}'), auth: { proto: "t" } })).toThrow(/must be one of/);
      });
  });
});
