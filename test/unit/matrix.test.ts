import { describe, expect, it } from "vitest";
import { buildMatrix, MATRIX_FORMAT_VERSION, type MatrixRow, matrixChecks, readPreviousRows } from "../../generator/conformance/matrix.js";
import { buildHtmlView, renderHtml } from "../../generator/emit/conformance/render-html.js";
import { renderMarkdown } from "../../generator/emit/conformance/render-markdown.js";
import { repoRoot } from "../helpers/repo.js";

const templatesDir = `${repoRoot}/templates`;

/** A row where every check passes, except the ones given. */
function row(id: string, displayName: string, overrides: MatrixRow["cells"] = {}): MatrixRow {
  const cells = Object.fromEntries(matrixChecks().map((check) => [check.id, { status: "pass" as const, value: "ok", reason: "Fine." }]));
  return { id, displayName, package: `@agentstop/${id}`, live: null, cells: { ...cells, ...overrides } };
}

describe("readPreviousRows", () => {
  const document = JSON.stringify(buildMatrix([row("a", "A")]));
  it.each([
    { name: "a current document", given: document, want: 1 },
    { name: "no file", given: undefined, want: 0 },
    { name: "malformed JSON", given: "{ nope", want: 0 },
    { name: "another format version", given: document.replace(`"formatVersion":${MATRIX_FORMAT_VERSION}`, '"formatVersion":99'), want: 0 },
    { name: "rows without cells", given: JSON.stringify({ formatVersion: MATRIX_FORMAT_VERSION, providers: [{ id: "a" }] }), want: 0 },
  ])("$name → $want row(s)", ({ given, want }) => {
    expect(readPreviousRows(given)).toHaveLength(want);
  });
});

describe("buildMatrix", () => {
  it("sorts rows by id, lists every check once, and only groups that have checks", () => {
    const matrix = buildMatrix([row("zeta", "Zeta"), row("alpha", "Alpha")]);
    expect(matrix.providers.map((provider) => provider.id)).toEqual(["alpha", "zeta"]);
    expect(new Set(matrix.checks.map((check) => check.id)).size).toBe(matrix.checks.length);
    for (const group of matrix.groups) expect(matrix.checks.some((check) => check.group === group.id)).toBe(true);
    expect(matrix.checks.filter((check) => check.kind === "live").map((check) => check.id)).toEqual([
      "live-request-accepted",
      "live-success-typed",
      "live-errors-typed",
    ]);
  });
});

describe("CONFORMANCE.md", () => {
  const failing = { status: "fail" as const, value: "none", reason: "No 404 response is documented." };
  const matrix = buildMatrix([row("alpha", "Alpha", { "unknown-session": failing, "rate-limit": failing }), row("beta", "Beta")]);
  const markdown = renderMarkdown(matrix);

  it("has one column per provider and one footnote per failing cell", () => {
    expect(markdown).toContain("| Check | Alpha | Beta |");
    expect(markdown.match(/^\[\^[a-z0-9-]+\]: /gm)).toHaveLength(2);
    expect(markdown).toContain("[^alpha-unknown-session]: **Alpha · Unknown session → 404:** No 404 response is documented.");
    expect(markdown).toContain("❌ none[^alpha-unknown-session]");
  });

  it("keeps every table row the same width when spec text holds pipes and Markdown", () => {
    const hostile = buildMatrix([row("alpha", "A | B", { "session-constrained": { status: "pass", value: "pattern ^a|b$", reason: "x" } })]);
    const tableRows = renderMarkdown(hostile)
      .split("\n")
      .filter((line) => line.startsWith("| "));
    const pipes = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const line of tableRows) expect(pipes(line), line).toBe(pipes(tableRows[0] as string));
  });
});

describe("conformance.html", () => {
  it("escapes spec text instead of letting it become markup", () => {
    const html = renderHtml(
      templatesDir,
      buildMatrix([row("alpha", "<img src=x onerror=alert(1)>", { lint: { status: "fail", value: '"><script>x</script>', reason: "&" } })]),
    );
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
  });

  it("has no external assets", () => {
    const html = renderHtml(templatesDir, buildMatrix([row("alpha", "Alpha")]));
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(/);
  });

  it("has a row per check under its group and a column per provider, as the Markdown", () => {
    const matrix = buildMatrix([row("alpha", "Alpha"), row("beta", "Beta", { lint: { status: "fail", value: "1 error", reason: "x" } })]);
    const view = buildHtmlView(matrix);
    const checks = view.groups.flatMap((group) => group.checks);
    expect(checks.map((check) => check.id).sort()).toEqual(matrix.checks.map((check) => check.id).sort());
    for (const group of view.groups) expect(group.checks.every((check) => check.group === group.id)).toBe(true);
    expect(view.providers.map((provider) => provider.id)).toEqual(["alpha", "beta"]);
    for (const check of checks) expect(check.cells.map((cell) => cell.provider)).toEqual(["alpha", "beta"]);
    expect(view.span).toBe(3);
    expect(view.providers.map((provider) => provider.passing)).toEqual([`${checks.length}/${checks.length}`, `${checks.length - 1}/${checks.length}`]);
  });
});
