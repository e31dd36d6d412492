import type { LintFinding } from "../lint/lint-and-bundle.js";
import type { ApiModel } from "../model/types.js";
import { CHECKS } from "./contract.js";
import type { CheckResult } from "./types.js";

export interface ConformanceRow {
  provider: string;
  displayName: string;
  cells: Record<string, CheckResult>;
}

/**
 * One provider's row: every check of the contract, decided from the IR and the lint findings;
 * `overlaid` (applyOverlay's pointers) marks the cells that rest on agentstop's own fixes. Pure.
 */
export function evaluateConformance(model: ApiModel, findings: readonly LintFinding[], overlaid: readonly string[] = []): ConformanceRow {
  const stop = model.operations.find((operation) => operation.operationId === model.stopSession.operationId);
  const context = { model, stop, findings, overlaid };
  return {
    provider: model.provider.id,
    displayName: model.provider.displayName,
    cells: Object.fromEntries(CHECKS.map((check) => [check.id, check.decide(context)])),
  };
}
