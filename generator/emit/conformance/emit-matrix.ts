import type { MatrixDocument } from "../../conformance/matrix.js";
import { BANNER_LINES } from "../shared/text.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";

/** The three views of one matrix, by repository-relative path. */
export function emitMatrixFiles(templatesDir: string, matrix: MatrixDocument): Record<string, string> {
  return {
    // `$comment` says the file is generated (JSON has no comments); readers ignore it.
    "generated/conformance.json": `${JSON.stringify({ $comment: BANNER_LINES.join(" "), ...matrix }, null, 2)}\n`,
    "generated/CONFORMANCE.md": renderMarkdown(matrix),
    "generated/conformance.html": renderHtml(templatesDir, matrix),
  };
}
