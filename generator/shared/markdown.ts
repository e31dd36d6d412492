/** Cell marks in Markdown (CONFORMANCE.md and the pull-request body); GitHub renders them in colour. */
export const STATUS_EMOJI = { pass: "✅", fail: "❌", "n/a": "➖" } as const;

/** Spec text as one line of Markdown: line breaks become spaces; Markdown and HTML characters are escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\\`*_[\]<>|&]/g, (c) => `\\${c}`);
}
