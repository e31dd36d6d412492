// Sharding: the plan a GitHub Actions matrix runs, and the fan-in that must equal a one-machine run.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planShards } from "../generator/shard/plan-shards.js";
import { installFixtureProvider, providerIds } from "./helpers/providers.js";
import { copyRepo, hashTree } from "./helpers/repo.js";
import { runBin } from "./helpers/run-bin.js";

/** A seeded generator of sizes, so a failure names a case that can be run again. */
function sizes(seed: number, count: number): { id: string; bytes: number }[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  return Array.from({ length: count }, (_, index) => ({ id: `p-${index.toString(36)}`, bytes: 1 + (next() % 200_000) }));
}

describe("planShards", () => {
  it.each([
    [1, 7, 3],
    [2, 40, 4],
    [3, 200, 8],
    [4, 5, 9],
  ])("seed %i: %i providers in %i shards: each exactly once, balanced within the largest spec", (seed, count, shardCount) => {
    const providers = sizes(seed, count);
    const shards = planShards(providers, shardCount);
    expect(shards.length).toBe(Math.min(count, shardCount));
    expect(shards.flatMap((shard) => shard.providers).sort()).toEqual(providers.map((provider) => provider.id).sort());
    const loads = shards.map((shard) => shard.bytes);
    const largest = Math.max(...providers.map((provider) => provider.bytes));
    // Largest-first onto the lightest shard: no shard ends more than one spec heavier than another.
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
    expect(loads.reduce((sum, load) => sum + load, 0)).toBe(providers.reduce((sum, provider) => sum + provider.bytes, 0));
  });

  it("is the same plan whatever order the providers come in", () => {
    const providers = sizes(5, 60);
    const reversed = [...providers].reverse();
    const shuffled = [...providers].sort((a, b) => (a.id.split("").reverse().join("") < b.id.split("").reverse().join("") ? -1 : 1));
    expect(planShards(reversed, 5)).toEqual(planShards(providers, 5));
    expect(planShards(shuffled, 5)).toEqual(planShards(providers, 5));
  });

  it("breaks ties between equal sizes by id, and refuses a shard count below one", () => {
    const equal = ["d", "a", "c", "b"].map((id) => ({ id, bytes: 10 }));
    expect(planShards(equal, 2).map((shard) => shard.providers)).toEqual([
      ["a", "c"],
      ["b", "d"],
    ]);
    expect(() => planShards(equal, 0)).toThrow(RangeError);
  });
});

describe("a sharded run (shard-plan → generate --only → shard-collect → assemble)", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "agentstop-shards-"));
  const base = copyRepo();
  afterAll(() => {
    base.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });
  // A change the packages must follow: a provider added (its package, the umbrella and the matrix change).
  const added = installFixtureProvider(base.root, "heygen");
  const copyOfBase = (name: string) => {
    const dir = path.join(scratch, name);
    cpSync(base.root, dir, { recursive: true });
    return dir;
  };

  it("shard-plan prints a matrix that covers every provider under specs/ once", async () => {
    const ran = await runBin(["shard-plan", "--shards", "2", "--root", base.root]);
    expect(ran.code, ran.stderr).toBe(0);
    const plan = JSON.parse(ran.stdout) as { include: { shard: number; providers: string }[] };
    expect(plan.include.map((entry) => entry.shard)).toEqual([1, 2]);
    expect(plan.include.flatMap((entry) => entry.providers.split(",")).sort()).toEqual(providerIds(base.root).sort());
    expect(providerIds(base.root)).toContain(added);
  });

  it("fans in to generated/ byte for byte as one machine's npm run generate", async () => {
    const single = copyOfBase("single");
    const whole = await runBin(["--no-live", "--root", single]);
    expect(whole.code, whole.stderr).toBe(0);

    const planned = await runBin(["shard-plan", "--shards", "2", "--root", base.root]);
    const plan = JSON.parse(planned.stdout) as { include: { shard: number; providers: string }[] };
    const outputs: string[] = [];
    for (const { shard, providers } of plan.include) {
      const runner = copyOfBase(`shard-${shard}`);
      const generated = await runBin(["--only", providers, "--no-live", "--root", runner]);
      expect(generated.code, generated.stderr).toBe(0);
      const output = path.join(scratch, `artifact-${shard}`);
      const collected = await runBin(["shard-collect", "--only", providers, "--to", output, "--root", runner]);
      expect(collected.code, collected.stderr).toBe(0);
      outputs.push(output);
    }
    const fanIn = copyOfBase("fan-in");
    const assembled = await runBin(["assemble", ...outputs, "--root", fanIn]);
    expect(assembled.code, assembled.stderr).toBe(0);
    expect(hashTree(path.join(fanIn, "generated"))).toBe(hashTree(path.join(single, "generated")));
    // And the sharded output is a real change from the base, not two untouched copies.
    expect(hashTree(path.join(fanIn, "generated"))).not.toBe(hashTree(path.join(base.root, "generated")));
  }, 300_000);

  it("assemble refuses a provider that two shards both generated, naming it", async () => {
    const [first = ""] = providerIds(base.root);
    const output = path.join(scratch, "dup");
    const collected = await runBin(["shard-collect", "--only", first, "--to", output, "--root", base.root]);
    expect(collected.code, collected.stderr).toBe(0);
    const ran = await runBin(["assemble", output, output, "--root", copyOfBase("dup-fan-in")]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${first} comes from two shards`);
  });
});
