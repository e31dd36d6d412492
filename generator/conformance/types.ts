import type { LintFinding } from "../lint/lint-and-bundle.js";
import type { ApiModel, OperationModel } from "../model/types.js";

export type CheckStatus = "pass" | "fail" | "n/a";
export type CheckGroup = "operation" | "session" | "access" | "responses" | "errors" | "spec";

/** What a check is decided from: the IR (never raw OpenAPI) and the lint findings. */
export interface CheckContext {
  model: ApiModel;
  /** The operation the manifest maps to stopSession; undefined when it is missing. */
  stop: OperationModel | undefined;
  findings: readonly LintFinding[];
}

export interface CheckResult {
  status: CheckStatus;
  /** What was found, short enough for a table cell: `DELETE`, `204`, `query`. */
  value: string;
  /** Why the cell has its status, in a sentence. */
  reason: string;
}

/** One clause of the stop-session contract. */
export interface Check {
  /** Stable, kebab-case; a column key in conformance.json. */
  id: string;
  group: CheckGroup;
  title: string;
  /** Why it matters to someone stopping sessions in production. */
  why: string;
  /** How it is decided, in words (the code below is the precise answer). */
  how: string;
  decide(context: CheckContext): CheckResult;
}

export const pass = (value: string, reason: string): CheckResult => ({ status: "pass", value, reason });
export const fail = (value: string, reason: string): CheckResult => ({ status: "fail", value, reason });
export const notApplicable = (value: string, reason: string): CheckResult => ({ status: "n/a", value, reason });
