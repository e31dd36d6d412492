import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./repo.js";

export const bin = path.join(repoRoot, "generator/bin.mjs");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `generator/bin.mjs` as npm runs it: a separate process. Asynchronous on purpose, so a server
 * the test runs in its own process (upstream pages, say) keeps answering meanwhile.
 */
export function runBin(args: string[], cwd = repoRoot): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, timeout: 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
