import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMatrix, type MatrixDocument } from "../generator/conformance/matrix.js";
import { renderHtml } from "../generator/emit/conformance/render-html.js";
import { discoverProviders } from "../generator/load/discover.js";
import { repoRoot } from "./helpers/repo.js";

/**
 * generated/conformance.html in real headless Chromium (Debian's `chromium`, which .ci/run
 * installs), driven by playwright-core. The page is opened from disk; it may load nothing else.
 * Checks are rows and providers columns; the grid scrolls in its own box with the provider row
 * and the check column sticky, which a second page with ten providers at 1280 px puts to the test.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RESULTS = path.join(repoRoot, "test-results");
const matrix = JSON.parse(readFileSync(path.join(repoRoot, "generated/conformance.json"), "utf8")) as MatrixDocument;
const providers = discoverProviders(path.join(repoRoot, "specs"));

async function openPage(browser: Browser, file: string, width: number, errors: string[], requests: string[] = []): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(pathToFileURL(file).href);
  return page;
}

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 60_000);
afterAll(async () => browser?.close());

describe("conformance.html in headless Chromium", () => {
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    page = await openPage(browser, path.join(repoRoot, "generated/conformance.html"), 1600, errors, requests);
  }, 60_000);

  it("has a column per provider under specs/ and a row per check, loads nothing else and logs no error", async () => {
    expect(await page.locator("thead th.provider").evaluateAll((ths) => ths.map((th) => th.getAttribute("data-provider")))).toEqual(providers);
    expect(await page.locator("tbody tr[data-check]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-check")))).toEqual(
      matrix.groups.flatMap((group) => matrix.checks.filter((check) => check.group === group.id).map((check) => check.id)),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
    expect(errors).toEqual([]);
  });

  it("every cell carries the status of conformance.json, in its colour", async () => {
    const cells = await page.locator("td.cell").evaluateAll((elements) =>
      elements.map((cell) => ({
        provider: cell.getAttribute("data-provider"),
        check: cell.closest("tr")?.getAttribute("data-check"),
        status: cell.getAttribute("data-status"),
        background: getComputedStyle(cell).backgroundColor,
      })),
    );
    expect(cells).toHaveLength(providers.length * matrix.checks.length);
    for (const cell of cells) {
      const row = matrix.providers.find((candidate) => candidate.id === cell.provider);
      expect(cell.status, `${cell.provider} ${cell.check}`).toBe(row?.cells[cell.check ?? ""]?.status);
    }
    const colour = (status: string) => new Set(cells.filter((cell) => cell.status === status).map((cell) => cell.background));
    for (const status of ["pass", "fail"]) expect(colour(status).size, status).toBe(1);
    expect([...colour("pass")][0]).not.toBe([...colour("fail")][0]);
  });

  it("shows the reason on hover (title) and on click (detail panel)", async () => {
    const row = matrix.providers.find((candidate) => Object.values(candidate.cells).some((cell) => cell.status === "fail"));
    const [checkId, failing] = Object.entries(row?.cells ?? {}).find(([, cell]) => cell.status === "fail") ?? [];
    const check = matrix.checks.find((candidate) => candidate.id === checkId);
    if (!row || !failing || !check) throw new Error("the committed matrix has no failing cell to click");
    const cell = page.locator(`tr[data-check="${check.id}"] td[data-provider="${row.id}"]`);
    await cell.hover();
    expect(await cell.getAttribute("title")).toContain(failing.reason);
    await cell.click();
    expect(await page.locator("#detail-title").textContent()).toBe(`${row.displayName} · ${check.title}`);
    expect(await page.locator("#detail-status").textContent()).toBe("fail");
    expect(await page.locator("#detail-reason").textContent()).toBe(failing.reason);
  });

  it("filters check rows by group, and saves a screenshot", async () => {
    const visibleChecks = () => page.locator("tbody tr[data-check]:visible").count();
    const all = await visibleChecks();
    expect(all).toBe(matrix.checks.length);
    await page.locator('#groups input[value="live"]').uncheck();
    expect(await visibleChecks()).toBe(all - matrix.checks.filter((check) => check.group === "live").length);
    expect(await page.locator('td.cell[data-group="live"]:visible').count()).toBe(0);
    expect(await page.locator('tr.group[data-group="live"]:visible').count()).toBe(0);
    await page.locator('#groups input[value="live"]').check();
    expect(await visibleChecks()).toBe(all);

    const screenshot = path.join(RESULTS, "conformance.png");
    mkdirSync(RESULTS, { recursive: true });
    await page.locator("td.cell[data-status='fail']").first().click();
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
  });
});

describe("ten providers at 1280 px: the page stays usable", () => {
  const TEN = 10;
  const errors: string[] = [];
  let page: Page;
  let ten: MatrixDocument;

  beforeAll(async () => {
    // Ten synthetic columns, cycled from the committed rows (whatever providers specs/ has today).
    ten = buildMatrix(
      Array.from({ length: TEN }, (_, i) => {
        const source = matrix.providers[i % matrix.providers.length];
        if (!source) throw new Error("the committed matrix has no provider");
        return { ...source, id: `provider-${String(i + 1).padStart(2, "0")}`, displayName: `${source.displayName} #${i + 1}` };
      }),
    );
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, "conformance-10.html");
    writeFileSync(file, renderHtml(path.join(repoRoot, "templates"), ten));
    page = await openPage(browser, file, 1280, errors);
  }, 60_000);

  it("renders every provider as a column and every check as a row", async () => {
    expect(await page.locator("thead th.provider").count()).toBe(TEN);
    expect(await page.locator("td.cell").count()).toBe(TEN * ten.checks.length);
    expect(errors).toEqual([]);
  });

  it("the page itself never scrolls sideways: the grid scrolls in its own box", async () => {
    const widths = await page.evaluate(() => {
      const scroll = document.getElementById("scroll") as HTMLElement;
      return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, grid: scroll.scrollWidth, box: scroll.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.grid).toBeGreaterThan(widths.box);
  });

  it("the provider row and the check column stay visible after scrolling right and down", async () => {
    const seen = await page.evaluate(() => {
      const scroll = document.getElementById("scroll") as HTMLElement;
      scroll.scrollTo(scroll.scrollWidth, scroll.scrollHeight);
      const box = scroll.getBoundingClientRect();
      const topmost = (element: Element) => {
        const rect = element.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
        return { left: rect.left - box.left, top: rect.top - box.top, hit: hit !== null && element.contains(hit) };
      };
      const rows = Array.from(document.querySelectorAll("tbody tr[data-check]"));
      const lastCheck = rows[rows.length - 1]?.querySelector("th.check") as Element;
      const headers = Array.from(document.querySelectorAll("thead th.provider"));
      return {
        scrolled: { left: scroll.scrollLeft, top: scroll.scrollTop },
        corner: topmost(document.querySelector("thead th.corner") as Element),
        lastCheck: topmost(lastCheck),
        lastProvider: topmost(headers[headers.length - 1] as Element),
      };
    });
    expect(seen.scrolled.left).toBeGreaterThan(0);
    expect(seen.scrolled.top).toBeGreaterThan(0);
    // The corner and the check column are pinned to the box's left edge, the provider row to its top.
    for (const sticky of [seen.corner, seen.lastCheck]) expect(Math.abs(sticky.left)).toBeLessThanOrEqual(2);
    for (const sticky of [seen.corner, seen.lastProvider]) expect(Math.abs(sticky.top)).toBeLessThanOrEqual(2);
    expect([seen.corner.hit, seen.lastCheck.hit, seen.lastProvider.hit]).toEqual([true, true, true]);
  });

  it("every cell can be scrolled into view, not hidden under the sticky row or column", async () => {
    const hidden = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("td.cell")).flatMap((cell) => {
        cell.scrollIntoView({ block: "nearest", inline: "nearest" });
        const rect = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
        return hit?.closest("td") === cell ? [] : [`${cell.dataset.provider} ${cell.dataset.check}`];
      }),
    );
    expect(hidden).toEqual([]);
  });

  it("a cell far right still shows its reason on click, the group filter still works, and a screenshot is saved", async () => {
    const last = ten.providers[ten.providers.length - 1];
    const check = ten.checks.find((candidate) => candidate.group === "responses");
    if (!last || !check) throw new Error("no provider or no responses check");
    const cell = page.locator(`tr[data-check="${check.id}"] td[data-provider="${last.id}"]`);
    await cell.click();
    expect(await page.locator("#detail-title").textContent()).toBe(`${last.displayName} · ${check.title}`);
    expect(await page.locator("#detail-reason").textContent()).toBe(last.cells[check.id]?.reason);
    expect(await cell.getAttribute("title")).toContain(last.cells[check.id]?.reason ?? "");

    await page.locator('#groups input[value="spec"]').uncheck();
    expect(await page.locator('tbody tr[data-group="spec"]:visible').count()).toBe(0);
    await page.locator('#groups input[value="spec"]').check();
    expect(await page.locator("tbody tr[data-check]:visible").count()).toBe(ten.checks.length);

    // Scrolled part-way right and down, so the picture shows the sticky row and column at work.
    await page.evaluate(() => {
      const scroll = document.getElementById("scroll") as HTMLElement;
      scroll.scrollTo(scroll.scrollWidth / 3, 120);
    });
    const screenshot = path.join(RESULTS, "conformance-10.png");
    await page.screenshot({ path: screenshot });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe("PNG");
    expect(errors).toEqual([]);
  });
});
