/** Cell marks in Markdown (CONFORMANCE.md and the pull-request body); GitHub renders them in colour. */
export const STATUS_EMOJI = { pass: "✅", fail: "❌", "n/a": "➖" } as const;

/** Spec text as one line of Markdown: line breaks become spaces; Markdown and HTML characters are escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\\`*_[\]<>|&]/g, (c) => `\\${c}`);
}

/**
 * Spec text as a Markdown code span: nothing inside is escaped (a backslash would show), so the
 * fence is longer than any run of backticks in the text. In a table cell `|` still ends the cell
 * unless escaped, which GitHub undoes inside code.
 */
export function markdownCode(text: string, inTable = false): string {
  let body = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  if (inTable) body = body.replaceAll("|", "\\|");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
