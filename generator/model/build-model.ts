import { SpecError } from "../errors.js";
import type { ProviderManifest } from "../load/manifest.js";
import { isObject, type JsonObject } from "./deref.js";
import { pascalCase } from "./identifiers.js";
import { buildOperations } from "./operations.js";
import { checkPatterns } from "./patterns.js";
import { buildSecuritySchemes } from "./security.js";
import { buildServers } from "./servers.js";
import { buildStopSession } from "./stop-session.js";
import type { ApiModel, OperationModel, ParameterDefaults } from "./types.js";

export interface ModelInput {
  manifest: ProviderManifest;
  /** The bundled document reduced to the package's operations (select stage); local $refs only. */
  document: JsonObject;
  specFile: string;
  manifestFile: string;
  /** Line of a JSON pointer in provider.yaml, for messages. */
  manifestLineOf?: (pointer: string) => number | undefined;
  /** Operations in the whole bundled spec, before selection (defaults to those in `document`). */
  totalOperations?: number;
  /** JSON pointers the overlay added or replaced: an overlay-invented server has no real defaults. */
  overlaid?: readonly string[];
}

/** Bundled OpenAPI + manifest → the model every emitter reads. Pure. */
export function buildModel({ manifest, document, specFile, manifestFile, manifestLineOf, totalOperations, overlaid }: ModelInput): ApiModel {
  const info = isObject(document.info) ? document.info : {};
  const operations = withStopRetry(buildOperations(document, specFile), manifest);
  const defaults: ParameterDefaults = { query: { ...manifest.defaults?.query }, header: { ...manifest.defaults?.header } };
  checkDefaults(defaults, operations, manifestFile);
  const model: ApiModel = {
    provider: {
      id: manifest.id,
      displayName: manifest.displayName,
      typeName: manifest.typeName ?? pascalCase(manifest.id),
      packageName: manifest.package,
      upstream: manifest.upstream ?? { format: "openapi" },
    },
    info: { title: String(info.title ?? ""), version: String(info.version ?? ""), openapi: String(document.openapi ?? "") },
    servers: buildServers(document, overlaid),
    securitySchemes: buildSecuritySchemes(document, specFile),
    operations,
    stopSession: buildStopSession({ manifest, operations, document, defaults, manifestFile, ...(manifestLineOf ? { lineOf: manifestLineOf } : {}) }),
    defaults,
    selection: { carried: operations.length, total: totalOperations ?? operations.length },
    warnings: [],
  };
  model.warnings = checkPatterns(model, specFile);
  return model;
}

/** A default for a parameter no operation has is a typo; say so rather than send it everywhere. */
function checkDefaults(defaults: ParameterDefaults, operations: OperationModel[], file: string): void {
  for (const location of ["query", "header"] as const) {
    for (const name of Object.keys(defaults[location])) {
      const used = operations.some((operation) => operation.parameters[location].some((p) => p.name.toLowerCase() === name.toLowerCase()));
      if (!used)
        throw new SpecError(
          { file, pointer: `#/defaults/${location}/${name}` },
          `default for ${location} parameter ${JSON.stringify(name)}, which no operation has`,
        );
    }
  }
}

/** The manifest's word on retrying the stop (`stopSession.retry`) replaces the rule by method. */
function withStopRetry(operations: OperationModel[], manifest: ProviderManifest): OperationModel[] {
  const retry = manifest.stopSession.retry;
  if (!retry) return operations;
  return operations.map((operation) =>
    operation.operationId === manifest.stopSession.operationId ? { ...operation, retry: { safe: retry.safe, why: retry.why } } : operation,
  );
}
