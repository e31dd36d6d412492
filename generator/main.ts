import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli.js";

/** Entry point of `npm run generate`. (No top-level await: tsx's loader stalls a dynamic import made under one.) */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
runCli(process.argv.slice(2), repoRoot).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
