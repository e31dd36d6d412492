/**
 * One variant of the per-call bench, alone in its process (child of per-call.ts, bundled by esbuild
 * from the packages' dist/ as an app ships them). Variants measured in one process slow each other
 * (shared inline caches and garbage), so each gets its own. Prints µs per call as one JSON line.
 */

// Aliased by per-call.ts to the provider under measurement.
import * as provider from "agentstop-bench-provider";
import createClient from "openapi-fetch";
import * as umbrella from "../../generated/agentstop/dist/index.js";

interface Plan {
  variant: string;
  url: string;
  provider: string;
  auth: Record<string, string>;
  input: Record<string, string>;
  probe: { method: string; target: string; headers: Record<string, string>; body?: string };
  calls: number;
  warmup: number;
}

const plan = JSON.parse(process.argv[2] ?? "{}") as Plan;
const { url, probe } = plan;
const TIMEOUT_MS = 30_000;

function variantOf(name: string): () => Promise<unknown> {
  switch (name) {
    case "raw fetch":
      return async () => (await fetch(`${url}${probe.target}`, { method: probe.method, headers: probe.headers, body: probe.body })).json();
    case "raw fetch + timeout signal":
      // What any client with a default timeout and same-origin-only redirects pays on this platform's fetch.
      return async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        try {
          const response = await fetch(`${url}${probe.target}`, {
            method: probe.method,
            headers: probe.headers,
            body: probe.body,
            signal: controller.signal,
            redirect: "manual",
          });
          return JSON.parse(await response.text());
        } finally {
          clearTimeout(timer);
        }
      };
    case "bare openapi-fetch": {
      const bare = createClient<Record<string, never>>({ baseUrl: url }) as unknown as {
        request: (method: string, path: string, init: object) => Promise<unknown>;
      };
      const body = probe.body === undefined ? undefined : JSON.parse(probe.body);
      return () => bare.request(probe.method.toLowerCase(), probe.target, { headers: probe.headers, body });
    }
    case "stopSession": {
      const factory = Object.entries(provider).find(([exported]) => /^create\w*Client$/.test(exported))?.[1] as (options: object) => {
        stopSession: (input: object) => Promise<{ ok: boolean }>;
      };
      const client = factory({ baseUrl: url, auth: plan.auth });
      return async () => {
        if (!(await client.stopSession(plan.input)).ok) throw new Error("the stop failed");
      };
    }
    case "agentstop stop()": {
      const options = { baseUrls: { [plan.provider]: url }, credentials: { [plan.provider]: plan.auth }, env: {} };
      return async () => {
        const outcome = await umbrella.stop({ provider: plan.provider, ...plan.input } as never, options);
        if (outcome.outcome !== "stopped") throw new Error(`the stop failed: ${outcome.outcome}`);
      };
    }
    default:
      throw new Error(`unknown variant ${name}`);
  }
}

const run = variantOf(plan.variant);
for (let i = 0; i < plan.warmup; i++) await run();
const started = performance.now();
for (let i = 0; i < plan.calls; i++) await run();
process.stdout.write(`${JSON.stringify({ usPerCall: ((performance.now() - started) * 1000) / plan.calls })}\n`);
