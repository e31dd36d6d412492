/** Runs stopMany over COUNT targets against URL at CONCURRENCY and prints one JSON line of figures (child of stop-many.ts, so its peak RSS is its own). */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { credentials, stopInput, validValue } from "../../test/helpers/clients.js";
import { allProviders } from "../../test/helpers/providers.js";

const [url = "", countText = "10000", concurrencyText = "64", root = process.cwd()] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const umbrella = (await import(
  pathToFileURL(path.join(root, "generated/agentstop/src/index.ts")).href
)) as typeof import("../../generated/agentstop/src/index.js");
const providers = allProviders(root);
const templates = providers.map((provider) => ({
  provider: provider.id,
  ...stopInput(provider, validValue(provider.sessionPathParameter), validValue(provider.agentPathParameter, "my-agent")),
}));
function* targets() {
  for (let i = 0; i < count; i++) yield templates[i % templates.length] as Parameters<typeof umbrella.stop>[0];
}
const options = {
  baseUrls: Object.fromEntries(providers.map((provider) => [provider.id, url])),
  credentials: Object.fromEntries(providers.map((provider) => [provider.id, credentials(provider).auth])),
  env: {},
  concurrency,
  perProvider: concurrency,
};
const latencies: number[] = [];
const started = performance.now();
const run = umbrella.stopMany(targets(), options);
for await (const outcome of run) latencies.push(outcome.elapsedMs);
const wall = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ wall, throughput: count / wall, p50: at(0.5), p99: at(0.99), maxRssMiB: process.resourceUsage().maxRSS / 1024, summary: run.summary() })}\n`,
);
