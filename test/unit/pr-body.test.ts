import { describe, expect, it } from "vitest";
import { buildMatrix, type MatrixRow, matrixChecks } from "../../generator/conformance/matrix.js";
import { change } from "../../generator/diff/rules.js";
import { renderPrBody } from "../../generator/release/pr-body.js";

const checks = matrixChecks();
const row = (id: string, overrides: MatrixRow["cells"] = {}): MatrixRow => ({
  id,
  displayName: id.toUpperCase(),
  package: `@agentstop/${id}`,
  live: null,
  cells: { ...Object.fromEntries(checks.map((check) => [check.id, { status: "pass" as const, value: "ok", reason: "r" }])), ...overrides },
});

describe("renderPrBody", () => {
  it("says so when nothing changed", () => {
    const body = renderPrBody({
      providers: [{ id: "a", displayName: "A", versionBefore: "1.0.0", versionAfter: "1.0.0", changes: [], rowBefore: row("a"), rowAfter: row("a") }],
      checks,
      failures: [],
    });
    expect(body).toBe("## Spec update\n\nNo provider's spec changed.\n");
  });

  it("lists a minor release's changes under Other changes, and only the cells that moved", () => {
    const body = renderPrBody({
      providers: [
        {
          id: "a",
          displayName: "A | Co",
          versionBefore: "1.0.0",
          versionAfter: "1.1.0",
          changes: [change("response-added", "POST /stop", "response 429 added")],
          rowBefore: row("a", { "rate-limit": { status: "fail", value: "none", reason: "r" } }),
          rowAfter: row("a", { "rate-limit": { status: "pass", value: "429 + Retry-After", reason: "r" } }),
        },
        { id: "b", displayName: "B", versionBefore: "2.0.0", versionAfter: "2.0.0", changes: [], rowBefore: row("b"), rowAfter: row("b") },
      ],
      checks,
      failures: [{ id: "c", reason: "http://127.0.0.1:9/c.md: could not fetch (connect ECONNREFUSED)" }],
    });
    expect(body).toContain("| A \\| Co | 1.0.0 → 1.1.0 | minor | 1 |");
    expect(body).toContain("**Other changes**\n\n- POST /stop: response 429 added — *response added*");
    expect(body).toContain("| Rate limit → 429 with Retry-After | ❌ none | ✅ 429 + Retry-After |");
    expect(body.match(/^\| .* \| (✅|❌|➖) .* \| (✅|❌|➖) .* \|$/gm)).toHaveLength(1);
    expect(body).not.toContain("### B");
    expect(body).toContain("### Not synced");
    expect(body).toContain("- `c`: http://127.0.0.1:9/c.md: could not fetch (connect ECONNREFUSED)");
  });

  it("a new provider gets its first version and a one-line matrix summary", () => {
    const body = renderPrBody({
      providers: [{ id: "n", displayName: "N", versionAfter: "0.1.0", changes: undefined, rowAfter: row("n") }],
      checks,
      failures: [],
    });
    expect(body).toContain("| N | new: 0.1.0 | — | new baseline |");
    expect(body).toContain(`**Conformance:** a new row in the matrix, passing ${checks.length}/${checks.length}.`);
    expect(buildMatrix([row("n")]).providers).toHaveLength(1);
  });
});
