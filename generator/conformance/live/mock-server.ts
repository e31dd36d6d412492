import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";

const require = createRequire(import.meta.url);
const PRISM_PACKAGE = "@stoplight/prism-cli/package.json";
/** Prism prints this line once it accepts requests. */
const READY = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 5_000;

export interface MockServer {
  url: string;
  stop(): Promise<void>;
}

let version: string | undefined;

/** The Prism release in node_modules; part of each live result's cache key. Read once per run. */
export function mockServerVersion(): string {
  version ??= `prism ${(JSON.parse(readFileSync(require.resolve(PRISM_PACKAGE), "utf8")) as { version: string }).version}`;
  return version;
}

/**
 * Serves one bundled spec with Stoplight Prism on 127.0.0.1, as its own process: an independent,
 * spec-driven server that validates each request against the spec and answers from it
 * (`Prefer: code=404` picks the response). Static answers only, so results are repeatable.
 */
export async function startMockServer(specFile: string): Promise<MockServer> {
  const bin = path.join(path.dirname(require.resolve(PRISM_PACKAGE)), "dist", "index.js");
  const port = await freePort();
  const child = spawn(process.execPath, [bin, "mock", "--host", "127.0.0.1", "--port", String(port), specFile], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const url = await waitUntilListening(child, specFile);
  return { url, stop: () => stopProcess(child) };
}

/** Servers still running; if this process exits early (an error, Ctrl-C), they go with it. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function waitUntilListening(child: ChildProcess, specFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`mock server for ${specFile} ${why}${output ? `:\n${output.slice(-2000)}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${START_DEADLINE_MS / 1000} s`), START_DEADLINE_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const ready = READY.exec(output);
      if (!ready?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      child.off("exit", onExit);
      resolve(ready[1]);
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} before listening`);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", (error) => fail(`could not start (${error.message})`));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_DEADLINE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
