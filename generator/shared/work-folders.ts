import { rmSync } from "node:fs";

/**
 * Scratch folders in use (live checks, sync staging). Each is removed by its own `finally`; these
 * handlers cover the one exit path a `finally` never sees: Ctrl-C or a SIGTERM from CI, after
 * which the process exits with the signal's conventional code.
 */
const folders = new Set<string>();
let installed = false;

/**
 * Creates a work folder with `create` and tracks it. The handlers are in place before the folder
 * exists, so a Ctrl-C the moment it appears on disk still removes it.
 */
export function createWorkFolder(create: () => string): string {
  installHandlers();
  const dir = create();
  folders.add(dir);
  return dir;
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      removeWorkFolders();
      process.exit(code);
    });
  }
}

export function untrackWorkFolder(dir: string): void {
  folders.delete(dir);
}

function removeWorkFolders(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}
