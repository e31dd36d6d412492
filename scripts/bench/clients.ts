/** The client figures of `npm run bench` (also alone: `npm run bench -- --clients`): per-call overhead, stopMany, bundle size. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { allProviders } from "../../test/helpers/providers.js";
import { benchBundleSize } from "./bundle-size.js";
import { benchPerCall } from "./per-call.js";
import { benchStopMany } from "./stop-many.js";

export async function benchClients(root: string, runs: number): Promise<void> {
  await benchPerCall(root);
  await benchStopMany(root, Number(process.env.BENCH_STOPS ?? 10_000), 64, Math.max(1, Math.min(runs, 3)));
  const [provider] = allProviders(root).filter((candidate) => candidate.stop.path.includes("{"));
  if (!provider) return;
  const descriptor = JSON.parse(readFileSync(path.join(root, "generated", provider.id, "agentstop.json"), "utf8")) as { factory: string };
  await benchBundleSize(root, provider.id, descriptor.factory);
}
