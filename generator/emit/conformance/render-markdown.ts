import { type MatrixDocument, passingScore } from "../../conformance/matrix.js";
import { markdownText, STATUS_EMOJI } from "../../shared/markdown.js";
import { BANNER_LINES } from "../shared/text.js";

/**
 * CONFORMANCE.md: checks as rows and providers as columns, so the table stays readable in a pull
 * request however many checks there are; every failing cell has a footnote with its reason.
 * Check titles and texts are ours and written as Markdown; provider names, values and reasons
 * carry spec text and are escaped.
 */
export function renderMarkdown(matrix: MatrixDocument): string {
  const { providers } = matrix;
  const lines: string[] = [
    `<!-- ${BANNER_LINES.join(" ")} -->`,
    "",
    "# Stop-session conformance",
    "",
    "How each provider's API implements “stop a session”, checked against agentstop's contract: statically from the bundled spec, and live by sending the generated client's `stopSession` to Stoplight Prism serving that spec. The same data is in `conformance.json` (machine-readable) and `conformance.html` (filterable grid).",
    "",
    `**Legend:** ${STATUS_EMOJI.pass} pass · ${STATUS_EMOJI.fail} fail (the footnote says why) · ${STATUS_EMOJI["n/a"]} not applicable. The text in a cell is what was found.`,
    "",
    `| Check | ${providers.map((row) => markdownText(row.displayName)).join(" | ")} |`,
    `|---|${providers.map(() => "---").join("|")}|`,
    `| **Passing** | ${providers.map((row) => passingScore(row.cells)).join(" | ")} |`,
  ];
  const footnotes: string[] = [];
  for (const group of matrix.groups) {
    lines.push(`| **${group.title}** |${providers.map(() => " ").join("|")}|`);
    for (const check of matrix.checks.filter((candidate) => candidate.group === group.id)) {
      const cells = providers.map((row) => {
        const cell = row.cells[check.id];
        if (!cell) return "";
        const mark = `${STATUS_EMOJI[cell.status]} ${markdownText(cell.value)}`;
        if (cell.status !== "fail") return mark;
        const label = `${row.id}-${check.id}`;
        footnotes.push(`[^${label}]: **${markdownText(row.displayName)} · ${check.title}:** ${markdownText(cell.reason)}`);
        return `${mark}[^${label}]`;
      });
      lines.push(`| ${check.title} | ${cells.join(" | ")} |`);
    }
  }
  lines.push("", "## The checks", "");
  for (const check of matrix.checks) {
    lines.push(`- **${check.title}** (\`${check.id}\`, ${check.kind}). ${check.why} *How:* ${check.how}`);
  }
  if (footnotes.length > 0) lines.push("", "## Why cells fail", "", ...footnotes);
  return `${lines.join("\n")}\n`;
}
