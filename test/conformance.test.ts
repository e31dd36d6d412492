import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { MatrixDocument } from "../generator/conformance/matrix.js";
import { generate } from "../generator/pipeline.js";
import { allProviders, documentedStatuses, installFixtureProvider, readManifest, unusedProviderId } from "./helpers/providers.js";
import { copyRepo, repoRoot } from "./helpers/repo.js";

/**
 * The matrix as `npm run generate` builds it, with every live check run afresh: each provider's
 * bundled spec is served by Stoplight Prism (its own process, on 127.0.0.1) and the freshly
 * generated client stops a session against it. The committed matrix must agree.
 */

const committed = JSON.parse(readFileSync(path.join(repoRoot, "generated/conformance.json"), "utf8")) as MatrixDocument;
const LIVE = ["live-request-accepted", "live-success-typed", "live-errors-typed"];
const providers = allProviders();
const ids = providers.map((provider) => provider.id);

/** A sixth provider that no code knows about: a folder is all it takes. */
const ACME_SPEC = `openapi: 3.0.3
info: { title: Acme Agents, version: "2" }
servers: [{ url: "https://api.acme.test/v2" }]
security: [{ ApiKey: [] }]
components:
  securitySchemes:
    ApiKey: { type: apiKey, in: header, name: X-Acme-Key }
  schemas:
    Error:
      type: object
      required: [code, message]
      properties: { code: { type: string }, message: { type: string } }
paths:
  /agents/{agent}/sessions/{session}/cancel:
    post:
      operationId: cancelSession
      summary: Cancel a session
      description: Cancels the session and returns its final state.
      tags: [sessions]
      parameters:
        - { name: agent, in: path, required: true, description: Agent id., schema: { type: string } }
        - { name: session, in: path, required: true, description: Session id., schema: { type: string, pattern: "^ses_[a-z0-9]+$" }, example: ses_abc123 }
      responses:
        "202":
          description: Cancelling.
          content:
            application/json:
              schema:
                type: object
                required: [session_id, status]
                properties: { session_id: { type: string }, status: { type: string, enum: [cancelling, cancelled] } }
        "404": { description: Unknown session., content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } } }
        "409": { description: Already stopped., content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } } }
        "429":
          description: Slow down.
          headers: { Retry-After: { description: Seconds to wait., schema: { type: integer } } }
          content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } }
        "500": { description: Provider failure., content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } } }
tags: [{ name: sessions, description: Sessions. }]
`;

describe("conformance matrix, live checks run afresh, plus a sixth provider", () => {
  const scratch = copyRepo();
  let matrix: MatrixDocument;
  let files: Map<string, string>;

  // "acme" unless a real provider already has that name.
  const sixth = unusedProviderId("acme", scratch.root);

  beforeAll(async () => {
    rmSync(path.join(scratch.root, "generated/conformance.json"));
    const acme = path.join(scratch.root, "specs", sixth);
    mkdirSync(acme);
    writeFileSync(path.join(acme, "openapi.yaml"), ACME_SPEC);
    writeFileSync(
      path.join(acme, "provider.yaml"),
      `id: ${sixth}\ndisplayName: Acme Agents\npackage: "@agentstop/${sixth}"\nupstream: { url: "https://docs.acme.test/openapi.yaml", format: openapi }\nstopSession: { operationId: cancelSession, effect: cancel-turn, session: { in: path, name: session }, agent: { in: path, name: agent } }\n`,
    );
    const result = await generate(scratch.root);
    expect(result.providers.filter((provider) => !provider.ok).map((provider) => provider.error?.message)).toEqual([]);
    files = result.files;
    matrix = JSON.parse(files.get("generated/conformance.json") ?? "{}") as MatrixDocument;
  }, 120_000);
  afterAll(() => scratch.cleanup());

  it.each(ids)("%s: every cell decided afresh equals the committed matrix", (id) => {
    expect(matrix.providers.find((row) => row.id === id)).toEqual(committed.providers.find((row) => row.id === id));
  });

  it("the live cells of every provider are what a read of its spec predicts", () => {
    const live = Object.fromEntries(committed.providers.map((row) => [row.id, LIVE.map((check) => `${row.cells[check]?.status} ${row.cells[check]?.value}`)]));
    // Prism answers the plain request with the first documented 2XX; each documented 2XX, and
    // each 4XX/5XX (ranges as written), is then asked for by the success and error checks.
    const predicted = (statuses: { success: string[]; errors: string[] }) => [
      `pass ${statuses.success[0]}`,
      `pass ${statuses.success.join(" ")}`,
      `pass ${statuses.errors.join(" ")}`,
    ];
    expect(live).toEqual(Object.fromEntries(providers.map((provider) => [provider.id, predicted(documentedStatuses(provider.stop))])));
    expect(committed.providers.every((row) => row.live?.server.startsWith("prism 5.14."))).toBe(true);
  });

  it("the sixth provider adds a row, a Markdown column and an HTML row, with no code change", () => {
    const all = [...ids, sixth].sort((a, b) => a.localeCompare(b));
    expect(matrix.providers.map((row) => row.id)).toEqual(all);
    const acme = matrix.providers.find((row) => row.id === sixth);
    expect(Object.keys(acme?.cells ?? {})).toEqual(matrix.checks.map((check) => check.id));
    // Its 404 says "Unknown session.": credited to unknown-session only; 409 answers "already stopped".
    expect(acme?.cells["already-stopped"]).toMatchObject({ status: "pass", value: "409" });
    expect(acme?.cells["unknown-session"]).toMatchObject({ status: "pass", value: "404" });
    expect(acme?.cells["rate-limit"]).toMatchObject({ status: "pass" });
    expect(acme?.cells["session-constrained"]).toMatchObject({ status: "pass", value: "pattern ^ses_[a-z0-9]+$" });
    expect(LIVE.map((check) => acme?.cells[check]?.status)).toEqual(["pass", "pass", "pass"]);
    const columns = all.map((id) => (id === sixth ? "Acme Agents" : readManifest(id).displayName));
    expect(files.get("generated/CONFORMANCE.md")).toContain(`| Check | ${columns.join(" | ")} |`);
    expect(files.get("generated/conformance.html")?.match(/<th class="provider" scope="col" data-provider="/g)).toHaveLength(ids.length + 1);
    expect(files.has(`generated/${sixth}/src/client.ts`)).toBe(true);
  });
});

/** Pipecat's seed spec (test/fixtures/seeds/pipecat), added to a scratch copy as a provider of its own. */
describe("mutating a spec flips the live cells", () => {
  const mutated = async (mutate: (operation: Record<string, unknown>) => void) => {
    const scratch = copyRepo();
    try {
      const id = installFixtureProvider(scratch.root, "pipecat");
      const file = path.join(scratch.root, "specs", id, "openapi.yaml");
      const document = parse(readFileSync(file, "utf8")) as { paths: Record<string, Record<string, Record<string, unknown>>> };
      const operation = document.paths["/agents/{agentName}/sessions/{sessionId}"]?.delete;
      if (!operation) throw new Error("Pipecat's stop operation moved");
      mutate(operation);
      writeFileSync(file, stringify(document));
      const result = await generate(scratch.root, { only: id });
      const failure = result.providers.find((provider) => provider.id === id)?.error;
      if (failure) throw failure;
      const matrix = JSON.parse(result.files.get("generated/conformance.json") ?? "{}") as MatrixDocument;
      return matrix.providers.find((row) => row.id === id)?.cells ?? {};
    } finally {
      scratch.cleanup();
    }
  };

  it("a required query parameter the stop mapping does not cover → generate refuses the provider, naming it", async () => {
    // Before the stop mapping checked coverage, the client left it out and the mock answered 400.
    await expect(
      mutated((operation) => {
        (operation.parameters as unknown[]).push({ name: "force", in: "query", required: true, schema: { type: "boolean" } });
      }),
    ).rejects.toThrow('requires query parameter "force", which the stop mapping does not cover');
  }, 60_000);

  it("a success example that breaks its own schema → the success cell fails", async () => {
    const cells = await mutated((operation) => {
      const ok = (operation.responses as Record<string, { content: Record<string, Record<string, unknown>> }>)["200"];
      const media = ok?.content["application/json"];
      if (!media) throw new Error("Pipecat's 200 has no JSON body");
      media.example = { session_id: 42, status: "stopped" };
    });
    expect(cells["live-success-typed"]).toMatchObject({ status: "fail", value: "200" });
    expect(cells["live-success-typed"]?.reason).toContain("session_id");
  }, 60_000);
});

describe("a stop request the mock server rejects fails generate for that provider, not a cell", () => {
  it("a required header whose manifest default the spec does not allow → pipecat fails, naming the status and Prism's violation", async () => {
    const scratch = copyRepo();
    try {
      // The mutation: the spec requires X-Region (eu or us) and provider.yaml fills it with "mars".
      // The stop mapping is covered (a default), so the client is generated and sends "mars".
      const specFile = path.join(scratch.root, "specs/pipecat/openapi.yaml");
      const document = parse(readFileSync(specFile, "utf8")) as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
      const operation = document.paths["/agents/{agentName}/sessions/{sessionId}"]?.delete;
      if (!operation) throw new Error("Pipecat's stop operation moved");
      operation.parameters.push({ name: "X-Region", in: "header", required: true, schema: { type: "string", enum: ["eu", "us"] } });
      writeFileSync(specFile, stringify(document));
      const manifestFile = path.join(scratch.root, "specs/pipecat/provider.yaml");
      writeFileSync(manifestFile, `${readFileSync(manifestFile, "utf8")}defaults:\n  header:\n    X-Region: mars\n`);

      const result = await generate(scratch.root, { only: "pipecat" });
      const pipecat = result.providers.find((provider) => provider.id === "pipecat");
      expect(pipecat?.ok).toBe(false);
      const message = pipecat?.error?.message ?? "";
      // Prism answers its validation error with a documented 4XX (Pipecat's 400), else 422.
      expect(message).toMatch(/pipecat: the mock server \(Prism\) rejected the generated client's own stop request \(status 4\d\d\)/);
      expect(message).toMatch(/x-region must be equal to one of the allowed values: eu, us/i);
      expect(message).toContain("generator failure, not the provider's");
      // Its row is the committed one, not a row with a failing live cell charged to Pipecat.
      const matrix = JSON.parse(result.files.get("generated/conformance.json") ?? "{}") as MatrixDocument;
      expect(matrix.providers.find((row) => row.id === "pipecat")).toEqual(committed.providers.find((row) => row.id === "pipecat"));
      expect(result.files.has("generated/pipecat/src/client.ts")).toBe(false);
    } finally {
      scratch.cleanup();
    }
  }, 60_000);
});
