import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Upstream pages are a few kilobytes; anything near this is not a provider page. */
export const SOURCE_LIMITS = { maxBytes: 5 * 1024 * 1024, timeoutMs: 15_000 } as const;

export class SourceError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = "SourceError";
  }
}

/** A page or document from an http(s) URL or a local file, with a size cap and a timeout. */
export async function fetchSource(source: string, cwd: string, limits: { maxBytes: number; timeoutMs: number } = SOURCE_LIMITS): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    const file = path.resolve(cwd, source.replace(/^file:\/\//, ""));
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new SourceError(source, "no such file");
    }
    if (size > limits.maxBytes) throw new SourceError(source, `larger than ${limits.maxBytes} bytes`);
    return readFileSync(file, "utf8");
  }
  let response: Response;
  try {
    response = await fetch(source, {
      signal: AbortSignal.timeout(limits.timeoutMs),
      redirect: "follow",
      headers: { accept: "text/markdown, text/plain, application/json, application/yaml, */*" },
    });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new SourceError(source, `could not fetch (${cause})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SourceError(source, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new SourceError(source, `larger than ${limits.maxBytes} bytes (content-length ${declared})`);
  }
  // Counted while reading: a server may send no length, or the wrong one.
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limits.maxBytes) {
      await reader.cancel();
      throw new SourceError(source, `larger than ${limits.maxBytes} bytes`);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new SourceError(source, "not UTF-8 text");
  }
}
