/**
 * The OpenAPI document embedded in a docs page (Mintlify and similar): a fenced ```yaml or ```json
 * block, three or more backticks, whose text starts an OpenAPI document. Returned byte for byte:
 * the fence lines are dropped, nothing inside is touched.
 */
export interface EmbeddedBlock {
  text: string;
  language: "yaml" | "json";
  /** 1-based line of the first line inside the fence. */
  line: number;
}

const FENCE = /^(`{3,}|~{3,})[ \t]*(ya?ml|json)\b[^\n]*\n/gm;

export function findOpenApiBlock(page: string): EmbeddedBlock | undefined {
  for (const match of page.matchAll(FENCE)) {
    const [opening, fence, language] = match;
    if (!fence || !language) continue;
    const start = (match.index ?? 0) + opening.length;
    const closing = new RegExp(`^${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`, "m");
    const rest = page.slice(start);
    const end = closing.exec(rest);
    if (!end) continue;
    const text = rest.slice(0, end.index);
    if (!/^\s*(openapi\s*:|\{\s*"openapi"\s*:)/.test(text)) continue;
    return { text, language: language.startsWith("y") ? "yaml" : "json", line: page.slice(0, start).split("\n").length };
  }
  return undefined;
}
