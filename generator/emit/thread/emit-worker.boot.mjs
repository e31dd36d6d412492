// Worker bootstrap when running from source (tests): `--import tsx` in a worker's execArgv does not
// take effect on Node 20, so the worker registers tsx through its API, then loads the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./emit-worker.ts");
