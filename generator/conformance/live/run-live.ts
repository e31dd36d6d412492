import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ApiModel } from "../../model/types.js";
import type { CheckResult } from "../types.js";
import { createBodyValidator } from "./body-validator.js";
import { exchangeAll } from "./exchange.js";
import { LIVE_CHECKS } from "./live-checks.js";
import { loadGeneratedClient } from "./load-client.js";
import { mockServerVersion, startMockServer } from "./mock-server.js";

/** Bump when the live checks change meaning, so every cached live result is run again. */
const LIVE_CHECKS_VERSION = 2;

export interface LiveInputs {
  model: ApiModel;
  bundled: Record<string, unknown>;
  /** The package files generate has just emitted, by path inside generated/<id>/. */
  packageFiles: Record<string, string>;
}

export interface LiveResult {
  /** Hash of everything the result depends on; an unchanged key means the result still holds. */
  key: string;
  server: string;
  cells: Record<string, CheckResult>;
}

/** Everything a live result depends on: the spec served, the client sent, the server and the checks. */
export function liveKey({ bundled, packageFiles }: LiveInputs): string {
  const hash = createHash("sha256");
  hash.update(`${LIVE_CHECKS_VERSION}\0${mockServerVersion()}\0${JSON.stringify(bundled)}`);
  for (const file of Object.keys(packageFiles).sort()) {
    if (file.startsWith("src/")) hash.update(`\0${file}\0${packageFiles[file]}`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Serves the bundled spec with the mock server, drives the freshly generated client against it and
 * decides the live columns. `workDir` is a scratch folder inside a node_modules that holds
 * openapi-fetch (see load-client); `key` is liveKey(inputs), which the caller has already computed.
 */
export async function runLiveChecks(inputs: LiveInputs, key: string, workDir: string): Promise<LiveResult> {
  const { model, bundled, packageFiles } = inputs;
  // A folder of its own per run: two runs (parallel tests, a watch and a generate) can check the
  // same provider with the same key at once, and one must not delete the other's files.
  mkdirSync(workDir, { recursive: true });
  const dir = mkdtempSync(path.join(workDir, `${model.provider.id}-`));
  const specFile = path.join(dir, "openapi.json");
  writeFileSync(specFile, JSON.stringify(bundled, null, 2));
  const stop = model.operations.find((operation) => operation.operationId === model.stopSession.operationId);
  const server = await startMockServer(specFile);
  try {
    const exchanges = stop
      ? await exchangeAll(
          model,
          stop,
          await loadGeneratedClient(dir, packageFiles, `create${model.provider.typeName}Client`, {
            baseUrl: server.url,
            auth: Object.fromEntries(model.securitySchemes.map((scheme) => [scheme.optionName, "agentstop-live-token"])),
          }),
          createBodyValidator(bundled),
        )
      : [];
    return { key, server: mockServerVersion(), cells: Object.fromEntries(LIVE_CHECKS.map((check) => [check.id, check.decide(exchanges)])) };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
