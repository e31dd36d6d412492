import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The raw request target as it arrived: path and query, still percent-encoded. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A node:http server on 127.0.0.1 that records every request and answers with `reply`. */
export async function startRecordingServer(): Promise<{
  url: string;
  requests: RecordedRequest[];
  reply: (next: Reply) => void;
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  let current: Reply = { status: 200, body: {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const headers = { ...current.headers, ...(current.body === undefined ? {} : { "content-type": "application/json" }) };
      response.writeHead(current.status, headers);
      response.end(current.body === undefined ? undefined : JSON.stringify(current.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (next) => {
      current = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
