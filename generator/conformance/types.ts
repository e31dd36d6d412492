import type { LintFinding } from "../lint/lint-and-bundle.js";
import type { ApiModel, OperationModel } from "../model/types.js";

export type CheckStatus = "pass" | "fail" | "n/a";
export type CheckGroup = "operation" | "session" | "access" | "responses" | "errors" | "spec" | "live";

/** Column headings of the matrix, in order. */
export const GROUP_TITLES: Readonly<Record<CheckGroup, string>> = {
  operation: "Operation",
  session: "Session id",
  access: "Access",
  responses: "Responses",
  errors: "Error body",
  spec: "Spec quality",
  live: "Live (mock server)",
};

/** What a check is decided from: the IR (never raw OpenAPI) and the lint findings. */
export interface CheckContext {
  model: ApiModel;
  /** The operation the manifest maps to stopSession; undefined when it is missing. */
  stop: OperationModel | undefined;
  findings: readonly LintFinding[];
  /**
   * JSON pointers (`#/servers/0`) of the nodes agentstop's own overlay (specs/<id>/overlay.yaml)
   * added, replaced or removed: a cell decided from one of them says so (see checks/places.ts).
   */
  overlaid: readonly string[];
}

export interface CheckResult {
  status: CheckStatus;
  /** What was found, short enough for a table cell: `DELETE`, `204`, `query`. */
  value: string;
  /** Why the cell has its status, in a sentence. */
  reason: string;
}

/** What the matrix shows about a check: everything but how it is decided. */
export interface CheckInfo {
  /** Stable, kebab-case; a column key in conformance.json. */
  id: string;
  group: CheckGroup;
  title: string;
  /** Why it matters to someone stopping sessions in production. */
  why: string;
  /** How it is decided, in words (the code below is the precise answer). */
  how: string;
}

/** One clause of the stop-session contract, decided statically from the IR. */
export interface Check extends CheckInfo {
  decide(context: CheckContext): CheckResult;
}

export const pass = (value: string, reason: string): CheckResult => ({ status: "pass", value, reason });
export const fail = (value: string, reason: string): CheckResult => ({ status: "fail", value, reason });
export const notApplicable = (value: string, reason: string): CheckResult => ({ status: "n/a", value, reason });
