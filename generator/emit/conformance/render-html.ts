import path from "node:path";
import { type MatrixDocument, passingScore } from "../../conformance/matrix.js";
import type { CheckStatus } from "../../conformance/types.js";
import { compileTemplate } from "../shared/handlebars.js";
import { BANNER_LINES } from "../shared/text.js";

/** Plain symbols rather than emoji: they render without an emoji font (headless Chromium on CI has none). */
const STATUS_MARK: Readonly<Record<CheckStatus, string>> = { pass: "✓", fail: "✗", "n/a": "–" };

/** What templates/conformance/conformance.html.hbs sees. Every string is HTML-escaped by Handlebars. */
export interface HtmlView {
  banner: string;
  groups: { id: string; title: string; span: number }[];
  checks: { id: string; group: string; title: string; why: string; how: string; kind: string }[];
  rows: {
    id: string;
    displayName: string;
    package: string;
    passing: string;
    cells: { check: string; group: string; status: string; mark: string; value: string; reason: string; tooltip: string }[];
  }[];
  legend: { status: string; mark: string; label: string }[];
}

export function buildHtmlView(matrix: MatrixDocument): HtmlView {
  const ordered = matrix.groups.flatMap((group) => matrix.checks.filter((check) => check.group === group.id));
  return {
    banner: BANNER_LINES.join(" "),
    groups: matrix.groups.map((group) => ({ ...group, span: ordered.filter((check) => check.group === group.id).length })),
    checks: ordered,
    rows: matrix.providers.map((row) => {
      const cells = ordered.map((check) => {
        const cell = row.cells[check.id] ?? { status: "n/a" as const, value: "—", reason: "Not decided for this provider." };
        return {
          check: check.id,
          group: check.group,
          status: cell.status,
          mark: STATUS_MARK[cell.status],
          value: cell.value,
          reason: cell.reason,
          tooltip: `${check.title} — ${cell.status}: ${cell.reason}`,
        };
      });
      return {
        id: row.id,
        displayName: row.displayName,
        package: row.package,
        passing: passingScore(cells),
        cells,
      };
    }),
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
