import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Page = { status?: number; body: string | Buffer; contentType?: string; location?: string };

/** Serves upstream pages from 127.0.0.1: `pages` can be changed between requests. */
export async function startPageServer(pages: Map<string, Page>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const page = pages.get(request.url ?? "");
    if (!page) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const headers: Record<string, string> = { "content-type": page.contentType ?? "text/markdown; charset=utf-8" };
    if (page.location) headers.location = page.location;
    response.writeHead(page.status ?? 200, headers).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
