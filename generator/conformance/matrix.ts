import { CHECKS } from "./contract.js";
import { LIVE_CHECKS } from "./live/live-checks.js";
import { type CheckGroup, type CheckInfo, type CheckResult, GROUP_TITLES } from "./types.js";

/**
 * The shape of generated/conformance.json. `formatVersion` changes only when a consumer would
 * have to change: a field removed, renamed or given another meaning. New checks (columns) and new
 * providers (rows) are additions and keep the version. README.md ("Conformance matrix") documents it.
 */
export const MATRIX_FORMAT_VERSION = 1;

export interface MatrixDocument {
  formatVersion: typeof MATRIX_FORMAT_VERSION;
  /** Column groups, in the order the matrix shows them. */
  groups: { id: CheckGroup; title: string }[];
  /** Columns: static checks (decided from the spec) then live ones (decided against a mock server). */
  checks: (CheckInfo & { kind: "static" | "live" })[];
  /** Rows, sorted by provider id. */
  providers: MatrixRow[];
}

export interface MatrixRow {
  id: string;
  displayName: string;
  package: string;
  /** What the live cells were decided from; a changed key means they are decided again. */
  live: { key: string; server: string } | null;
  /** One cell per check id. */
  cells: Record<string, CheckResult>;
}

/** The columns of this version of the contract. */
export function matrixChecks(): MatrixDocument["checks"] {
  const info = ({ id, group, title, why, how }: CheckInfo) => ({ id, group, title, why, how });
  return [...CHECKS.map((check) => ({ ...info(check), kind: "static" as const })), ...LIVE_CHECKS.map((check) => ({ ...info(check), kind: "live" as const }))];
}

/** `passed/applicable` for a row's cells (n/a cells do not count), as the matrix and PR body show it. */
export function passingScore(cells: Record<string, CheckResult> | readonly CheckResult[]): string {
  const applicable = Object.values(cells).filter((cell) => cell.status !== "n/a");
  return `${applicable.filter((cell) => cell.status === "pass").length}/${applicable.length}`;
}

/** A full document from rows; groups appear only if some check uses them. Pure. */
export function buildMatrix(rows: readonly MatrixRow[]): MatrixDocument {
  const checks = matrixChecks();
  const used = new Set(checks.map((check) => check.group));
  const groups = (Object.keys(GROUP_TITLES) as CheckGroup[]).filter((group) => used.has(group)).map((id) => ({ id, title: GROUP_TITLES[id] }));
  return { formatVersion: MATRIX_FORMAT_VERSION, groups, checks, providers: [...rows].sort((a, b) => a.id.localeCompare(b.id)) };
}

/**
 * The rows of a previous conformance.json, or none when it is missing, unreadable or of another
 * format version: a run never trusts a document it does not understand, it decides everything again.
 */
export function readPreviousRows(text: string | undefined): MatrixRow[] {
  if (!text) return [];
  try {
    const document = JSON.parse(text) as Partial<MatrixDocument>;
    if (document.formatVersion !== MATRIX_FORMAT_VERSION || !Array.isArray(document.providers)) return [];
    return document.providers.filter((row) => typeof row?.id === "string" && typeof row.cells === "object" && row.cells !== null);
  } catch {
    return [];
  }
}
