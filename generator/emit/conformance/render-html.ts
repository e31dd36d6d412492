import path from "node:path";
import { type MatrixDocument, passingScore } from "../../conformance/matrix.js";
import type { CheckStatus } from "../../conformance/types.js";
import { compileTemplate } from "../shared/handlebars.js";
import { BANNER_LINES } from "../shared/text.js";

/** Plain symbols rather than emoji: they render without an emoji font (headless Chromium on CI has none). */
const STATUS_MARK: Readonly<Record<CheckStatus, string>> = { pass: "✓", fail: "✗", "n/a": "–" };

/**
 * What templates/conformance/conformance.html.hbs sees: checks as rows (grouped) and providers as
 * columns, like CONFORMANCE.md, so the page grows down with checks and sideways with providers.
 * Every string is HTML-escaped by Handlebars.
 */
export interface HtmlView {
  banner: string;
  /** Column headers, in matrix order. */
  providers: { id: string; displayName: string; package: string; passing: string }[];
  /** How many columns a group's heading row spans: the check column plus one per provider. */
  span: number;
  groups: { id: string; title: string; checks: HtmlCheckRow[] }[];
  legend: { status: string; mark: string; label: string }[];
}

export interface HtmlCheckRow {
  id: string;
  group: string;
  title: string;
  why: string;
  how: string;
  kind: string;
  cells: {
    provider: string;
    check: string;
    group: string;
    status: string;
    mark: string;
    /** The value as found, with its ` via overlay` suffix (the detail panel shows it whole). */
    value: string;
    /** The value shown in the cell: without the suffix, which becomes a badge that is never cut off. */
    shown: string;
    viaOverlay: boolean;
    reason: string;
    tooltip: string;
  }[];
}

const VIA_OVERLAY = " via overlay";

export function buildHtmlView(matrix: MatrixDocument): HtmlView {
  const undecided = { status: "n/a" as const, value: "—", reason: "Not decided for this provider." };
  return {
    banner: BANNER_LINES.join(" "),
    providers: matrix.providers.map((row) => ({ id: row.id, displayName: row.displayName, package: row.package, passing: passingScore(row.cells) })),
    span: matrix.providers.length + 1,
    groups: matrix.groups.map((group) => ({
      id: group.id,
      title: group.title,
      checks: matrix.checks
        .filter((check) => check.group === group.id)
        .map((check) => ({
          id: check.id,
          group: check.group,
          title: check.title,
          why: check.why,
          how: check.how,
          kind: check.kind,
          cells: matrix.providers.map((row) => {
            const cell = row.cells[check.id] ?? undecided;
            return {
              provider: row.id,
              check: check.id,
              group: check.group,
              status: cell.status,
              mark: STATUS_MARK[cell.status],
              value: cell.value,
              shown: cell.value.endsWith(VIA_OVERLAY) ? cell.value.slice(0, -VIA_OVERLAY.length) : cell.value,
              viaOverlay: cell.value.endsWith(VIA_OVERLAY),
              reason: cell.reason,
              tooltip: `${row.displayName} · ${check.title} — ${cell.status}: ${cell.reason}`,
            };
          }),
        })),
    })),
    legend: [
      { status: "pass", mark: STATUS_MARK.pass, label: "pass" },
      { status: "fail", mark: STATUS_MARK.fail, label: "fail" },
      { status: "n/a", mark: STATUS_MARK["n/a"], label: "not applicable" },
    ],
  };
}

/** conformance.html: one self-contained page, no external assets. */
export function renderHtml(templatesDir: string, matrix: MatrixDocument): string {
  return compileTemplate<HtmlView>(path.join(templatesDir, "conformance", "conformance.html.hbs"))(buildHtmlView(matrix));
}
