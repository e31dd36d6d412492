import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatrixDocument } from "../generator/conformance/matrix.js";
import { providerIds } from "./helpers/providers.js";
import { repoRoot } from "./helpers/repo.js";

/**
 * generated/conformance.html in real headless Chromium (Debian's `chromium`, which .ci/run
 * installs), driven by playwright-core. The page is opened from disk; it may load nothing else.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.join(repoRoot, "test-results", "conformance.png");
const matrix = JSON.parse(readFileSync(path.join(repoRoot, "generated/conformance.json"), "utf8")) as MatrixDocument;
const ids = providerIds();

/** Every cell of the committed matrix with its row and column, in page order. */
const allCells = matrix.providers.flatMap((row) => matrix.checks.map((check) => ({ row, check, cell: row.cells[check.id] })));
/** The cell the detail panel is tested on: a failing one when there is one (its reason says why), else the first. */
const clicked = allCells.find(({ cell }) => cell?.status === "fail") ?? allCells[0];
/** The cell selected for the screenshot: a passing one when there is one. */
const shown = allCells.find(({ cell }) => cell?.status === "pass") ?? clicked;

describe("conformance.html in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto(pathToFileURL(path.join(repoRoot, "generated/conformance.html")).href);
  }, 60_000);
  afterAll(async () => browser?.close());

  it("renders one row per provider, loads nothing else and logs no error", async () => {
    const rows = await page.locator("tbody tr[data-provider]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-provider")));
    expect(rows).toEqual(matrix.providers.map((row) => row.id));
    expect([...rows].sort()).toEqual(ids);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
    expect(errors).toEqual([]);
  });

  it("every cell carries the status of conformance.json, in its colour", async () => {
    const cells = await page.locator("td.cell").evaluateAll((elements) =>
      elements.map((cell) => ({
        provider: cell.closest("tr")?.getAttribute("data-provider"),
        check: cell.getAttribute("data-check"),
        status: cell.getAttribute("data-status"),
        background: getComputedStyle(cell).backgroundColor,
      })),
    );
    expect(cells).toHaveLength(ids.length * matrix.checks.length);
    for (const cell of cells) {
      const row = matrix.providers.find((candidate) => candidate.id === cell.provider);
      expect(cell.status, `${cell.provider} ${cell.check}`).toBe(row?.cells[cell.check ?? ""]?.status);
    }
    const colour = (status: string) => new Set(cells.filter((cell) => cell.status === status).map((cell) => cell.background));
    for (const status of ["pass", "fail"]) expect(colour(status).size, status).toBe(1);
    expect([...colour("pass")][0]).not.toBe([...colour("fail")][0]);
  });

  it("shows the reason on hover (title) and on click (detail panel)", async () => {
    if (!clicked?.cell) throw new Error("the committed matrix has no cells");
    const { row, check } = clicked;
    const reason = clicked.cell.reason;
    const cell = page.locator(`tr[data-provider="${row.id}"] td[data-check="${check.id}"]`);
    await cell.hover();
    expect(reason).not.toBe("");
    expect(await cell.getAttribute("title")).toContain(reason);
    await cell.click();
    expect(await page.locator("#detail-title").textContent()).toBe(`${row.displayName} · ${check.title}`);
    expect(await page.locator("#detail-status").textContent()).toBe(clicked.cell.status);
    expect(await page.locator("#detail-reason").textContent()).toBe(reason);
  });

  it("filters columns by group, and saves a screenshot", async () => {
    const visibleChecks = () => page.locator("th.check:visible").count();
    const all = await visibleChecks();
    expect(all).toBe(matrix.checks.length);
    await page.locator('#groups input[value="live"]').uncheck();
    expect(await visibleChecks()).toBe(all - matrix.checks.filter((check) => check.group === "live").length);
    expect(await page.locator('td.cell[data-group="live"]:visible').count()).toBe(0);
    await page.locator('#groups input[value="live"]').check();
    expect(await visibleChecks()).toBe(all);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.locator(`tr[data-provider="${shown?.row.id}"] td[data-check="${shown?.check.id}"]`).click();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });
});
