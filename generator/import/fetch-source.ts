import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Whole published APIs reach 15 MB; the manifest's limits.maxSpecBytes raises this per provider. */
export const SOURCE_LIMITS = { maxBytes: 16 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 5 } as const;

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** Hosts a redirect may lead to besides the URL's own origin (upstream.redirectHosts). */
  redirectHosts?: readonly string[];
}

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
export async function fetchSource(source: string, cwd: string, limits: FetchLimits = SOURCE_LIMITS): Promise<string> {
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
  const response = await fetchFollowingSafeRedirects(source, limits);
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

/**
 * GET with redirects followed by hand: only to the same origin or to a host the manifest lists,
 * never from https to http, at most `maxRedirects` hops. A sync must not be steered to another
 * host by whoever controls a redirect.
 */
async function fetchFollowingSafeRedirects(source: string, limits: FetchLimits): Promise<Response> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const origin = new URL(source);
  let url = origin;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(url, { signal, redirect: "manual", headers: { accept: "text/markdown, text/plain, application/json, application/yaml, */*" } });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new SourceError(source, `could not fetch (${cause})`);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (location === null) return response;
    await response.body?.cancel();
    if (hop >= (limits.maxRedirects ?? SOURCE_LIMITS.maxRedirects))
      throw new SourceError(source, `more than ${limits.maxRedirects ?? SOURCE_LIMITS.maxRedirects} redirects`);
    const next = new URL(location, url);
    if (url.protocol === "https:" && next.protocol !== "https:")
      throw new SourceError(source, `redirect from https to ${next.protocol.replace(":", "")} refused (${next.origin})`);
    const allowed = next.origin === origin.origin || (limits.redirectHosts ?? []).includes(next.host);
    if (!allowed)
      throw new SourceError(source, `redirect to ${next.origin} refused: not the upstream's origin, and not in upstream.redirectHosts of provider.yaml`);
    url = next;
  }
}
