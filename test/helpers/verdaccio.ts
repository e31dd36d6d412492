// A real npm registry for tests: Verdaccio (from npm) as a child process on 127.0.0.1, on a free
// port, with no uplinks, its storage and users in a temp folder, and an npm userconfig of its own
// (the user's ~/.npmrc is never read or written). Stopped by pid.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { repoRoot } from "./repo.js";

const verdaccioBin = path.join(repoRoot, "node_modules/verdaccio/bin/verdaccio");

export interface TestRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npm userconfig holding the test user's token for this registry only. */
  userconfig: string;
  /** process.env with npm pointed at `userconfig`: pass it to every npm child. */
  env: NodeJS.ProcessEnv;
  /** What Verdaccio printed so far (warnings and errors). */
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts Verdaccio in `dir` (config, storage, htpasswd, .npmrc all go there) and signs up a publishing user. */
export async function startVerdaccio(dir: string, scope = "@agentstop"): Promise<TestRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = path.join(dir, "verdaccio.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(path.join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks: {}",
      "packages:",
      `  "${scope}/*":`,
      "    access: $all",
      "    publish: $authenticated",
      "    unpublish: $authenticated",
      '  "**":',
      "    access: $all",
      "    publish: $authenticated",
      "web:",
      "  enable: false",
      "max_body_size: 100mb",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const child = spawn(process.execPath, [verdaccioBin, "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const stop = () => stopChild(child);
  try {
    await waitForPing(url, child, () => output);
    const token = await signUp(url);
    const userconfig = path.join(dir, ".npmrc");
    writeFileSync(userconfig, `//127.0.0.1:${port}/:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`);
    return { url, userconfig, env: { ...process.env, npm_config_userconfig: userconfig }, log: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

/** Polls `/-/ping` every 100 ms for at most 30 s, or until the process has exited. */
async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(new URL("-/ping", url), { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer ${url}-/ping within 30 s:\n${log()}`);
}

/** The registry's own sign-up (`npm adduser` does the same request): a user and its token. */
async function signUp(url: string): Promise<string> {
  const name = "agentstop-release-test";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password: "release-test-password", type: "user", roles: [], date: new Date().toISOString() }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio sign-up failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** SIGTERM by pid, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
