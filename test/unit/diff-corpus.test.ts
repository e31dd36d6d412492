import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHANGE_RULES, type ChangeKind, highestLevel } from "../../generator/diff/rules.js";
import { diffSpecs } from "../../generator/diff/spec-diff.js";

/**
 * The corpus: old → new spec pairs after oasdiff's rule list (breaking, warning and info levels),
 * each judged by hand from the generated client's side before the diff ran on it. `level` is that
 * judgement. A pair where the diff gives something else and that outcome was accepted says so with
 * `got`, and its `why` explains; the confusion table prints those off the diagonal.
 */
const LEVELS = ["none", "patch", "minor", "major"] as const;
type Level = (typeof LEVELS)[number];

interface Pair {
  file: string;
  why: string;
  level: Level;
  got?: Level;
  kinds?: ChangeKind[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const DIR = path.join(import.meta.dirname, "../fixtures/diff");
const PAIRS: Pair[] = readdirSync(DIR)
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => ({ file, ...(parse(readFileSync(path.join(DIR, file), "utf8")) as Omit<Pair, "file">) }));

function run(pair: Pair) {
  const changes = diffSpecs(structuredClone(pair.before), structuredClone(pair.after));
  return { changes, level: (highestLevel(changes) ?? "none") as Level };
}

describe("diff corpus", () => {
  it("holds at least 100 pairs, each with a reason and a level", () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(100);
    for (const pair of PAIRS) {
      expect(typeof pair.why, pair.file).toBe("string");
      expect(LEVELS, pair.file).toContain(pair.level);
      expect(pair.before, pair.file).toBeTypeOf("object");
      expect(pair.after, pair.file).toBeTypeOf("object");
    }
  });

  it.each(PAIRS)("$file", (pair) => {
    const { changes, level } = run(pair);
    const found = changes.map((item) => `${item.level} ${item.kind} @ ${item.where}: ${item.detail}`).join("\n");
    expect(level, `${pair.why}\n${found}`).toBe(pair.got ?? pair.level);
    if (pair.kinds) expect(changes.map((item) => item.kind).sort(), found).toEqual([...pair.kinds].sort());
    // A pair and its reverse: the diff is total, never throws, and a spec compared with itself is quiet.
    expect(diffSpecs(pair.after, pair.before)).toBeInstanceOf(Array);
    expect(diffSpecs(pair.after, pair.after)).toEqual([]);
  });

  it("the confusion table (expected × got) has nothing off the diagonal that a pair does not explain", () => {
    const table = new Map<string, string[]>();
    for (const pair of PAIRS) {
      const key = `${pair.level}→${run(pair).level}`;
      table.set(key, [...(table.get(key) ?? []), pair.file]);
    }
    const width = 9;
    const lines = [`${"expected\\got".padEnd(14)}${LEVELS.map((level) => level.padStart(width)).join("")}`];
    for (const expected of LEVELS)
      lines.push(`${expected.padEnd(14)}${LEVELS.map((got) => String(table.get(`${expected}→${got}`)?.length ?? 0).padStart(width)).join("")}`);
    const off = [...table].filter(([key]) => key.split("→")[0] !== key.split("→")[1]);
    for (const [key, files] of off) lines.push(`  ${key}: ${files.join(", ")}`);
    console.log(`diff corpus, ${PAIRS.length} pairs\n${lines.join("\n")}`);
    const unexplained = off.flatMap(([, files]) => files).filter((file) => PAIRS.find((pair) => pair.file === file)?.got === undefined);
    expect(unexplained).toEqual([]);
  });

  it("every rule kind is exercised by at least one pair", () => {
    const exercised = new Set(PAIRS.flatMap((pair) => pair.kinds ?? []));
    expect(Object.keys(CHANGE_RULES).filter((kind) => !exercised.has(kind as ChangeKind))).toEqual([]);
  });
});
