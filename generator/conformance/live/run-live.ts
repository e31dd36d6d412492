import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ApiModel } from "../../model/types.js";
import { selectOperations } from "../../select/select-operations.js";
import { inlinedNodes } from "../../shared/expanded-size.js";
import { createWorkFolder, untrackWorkFolder } from "../../shared/work-folders.js";
import type { CheckResult } from "../types.js";
import { createBodyValidator } from "./body-validator.js";
import { exchangeAll } from "./exchange.js";
import { LIVE_CHECKS } from "./live-checks.js";
import { loadGeneratedClient } from "./load-client.js";
import { type MockServer, mockServerVersion, startMockServer } from "./mock-server.js";

/** Bump when the live checks change meaning, so every cached live result is run again. */
const LIVE_CHECKS_VERSION = 2;

export interface LiveInputs {
  model: ApiModel;
  bundled: Record<string, unknown>;
  /** The package files generate has just emitted, by path inside generated/<id>/. */
  packageFiles: Record<string, string>;
  /** The shared runtime's files as emitted in the same run, by path inside generated/runtime/. */
  runtimeFiles: Record<string, string>;
}

export interface LiveResult {
  /** Hash of everything the result depends on; an unchanged key means the result still holds. */
  key: string;
  server: string;
  cells: Record<string, CheckResult>;
}

/** Everything a live result depends on: the spec served, the client sent, the server and the checks. */
export function liveKey({ bundled, packageFiles, runtimeFiles }: LiveInputs): string {
  const hash = createHash("sha256");
  hash.update(`${LIVE_CHECKS_VERSION}\0${mockServerVersion()}\0${JSON.stringify(bundled)}`);
  for (const file of Object.keys(packageFiles).sort()) {
    if (file.startsWith("src/")) hash.update(`\0${file}\0${packageFiles[file]}`);
  }
  for (const file of Object.keys(runtimeFiles).sort()) {
    if (file.startsWith("src/")) hash.update(`\0runtime/${file}\0${runtimeFiles[file]}`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Serves the bundled spec with the mock server, drives the freshly generated client against it and
 * decides the live columns. `workDir` is a scratch folder inside a node_modules that holds
 * openapi-fetch (see load-client); `key` is liveKey(inputs), which the caller has already computed.
 */
/** What the mock server may be asked to inline: far beyond any real stop operation, far below a bomb. */
const MAX_INLINED_NODES = 1_000_000;

export async function runLiveChecks(inputs: LiveInputs, key: string, workDir: string): Promise<LiveResult> {
  const { model, bundled, packageFiles, runtimeFiles } = inputs;
  // A folder of its own per run: two runs (parallel tests, a watch and a generate) can check the
  // same provider with the same key at once, and one must not delete the other's files.
  mkdirSync(workDir, { recursive: true });
  const dir = createWorkFolder(() => mkdtempSync(path.join(workDir, `${model.provider.id}-`)));
  let server: MockServer | undefined;
  let starting: Promise<MockServer> | undefined;
  const budget = withBudget(LIVE_BUDGET_MS, `live checks for ${model.provider.id} took longer than ${LIVE_BUDGET_MS / 1000} s`);
  try {
    // The mock server gets only what the stop operation needs, so it starts in seconds whatever the spec's size.
    const served = selectOperations({
      document: bundled,
      selection: "stop",
      stopOperationId: model.stopSession.operationId,
      manifestFile: `specs/${model.provider.id}/provider.yaml`,
      specFile: `generated/${model.provider.id}/openapi.json`,
    }).document;
    // A $ref fan-out the mock server would inline without end is refused at once, not after its start-up timeout.
    if (inlinedNodes(served, MAX_INLINED_NODES) > MAX_INLINED_NODES) {
      throw new Error(
        `the stop operation's schemas grow past ${MAX_INLINED_NODES.toLocaleString("en")} nodes once their $refs are inlined (a $ref fan-out); the mock server cannot serve the spec`,
      );
    }
    const specFile = path.join(dir, "openapi.json");
    writeFileSync(specFile, JSON.stringify(served, null, 2));
    const stop = model.operations.find((operation) => operation.operationId === model.stopSession.operationId);
    starting = startMockServer(specFile);
    server = await budget.race(starting);
    const url = server.url;
    const exchanges = stop
      ? await budget.race(
          exchangeAll(
            model,
            stop,
            await loadGeneratedClient(dir, packageFiles, runtimeFiles, `create${model.provider.typeName}Client`, {
              baseUrl: url,
              auth: Object.fromEntries(model.securitySchemes.map((scheme) => [scheme.optionName, "agentstop-live-token"])),
            }),
            createBodyValidator(served),
          ),
        )
      : [];
    return { key, server: mockServerVersion(), cells: Object.fromEntries(LIVE_CHECKS.map((check) => [check.id, check.decide(exchanges)])) };
  } finally {
    budget.clear();
    // A server still starting when the budget ran out is stopped once it is up.
    if (server) await server.stop();
    else
      starting?.then(
        (late) => late.stop(),
        () => {},
      );
    rmSync(dir, { recursive: true, force: true });
    untrackWorkFolder(dir);
  }
}

/** The most one provider's live checks may take: a spec the mock server cannot serve becomes a failed row, not a hang. */
const LIVE_BUDGET_MS = 60_000;

function withBudget(ms: number, message: string) {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  expired.catch(() => {});
  return {
    race: <T>(work: Promise<T>): Promise<T> => Promise.race([work, expired]),
    clear: () => clearTimeout(timer),
  };
}
