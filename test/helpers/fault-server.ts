import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One way a server can answer badly (or well). */
export type Fault =
  | { kind: "reply"; status: number; body?: string; headers?: Record<string, string> }
  /** Destroys the connection once the request has arrived: the client sees a reset. */
  | { kind: "reset" }
  /** Never answers. */
  | { kind: "hang" }
  /** Sends the status and headers, then the body a chunk at a time, `intervalMs` apart. */
  | { kind: "slow-body"; status: number; chunks: string[]; intervalMs: number; headers?: Record<string, string> };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** performance.now() when the request had fully arrived. */
  at: number;
}

/**
 * A node:http server on 127.0.0.1 that answers each request with the next scripted fault (the last
 * one repeats), and records every request. Hanging and slow responses are ended on close.
 */
export async function startFaultServer(): Promise<{
  url: string;
  requests: SeenRequest[];
  script: (...faults: Fault[]) => void;
  close: () => Promise<void>;
}> {
  const requests: SeenRequest[] = [];
  let faults: Fault[] = [{ kind: "reply", status: 200, body: "{}" }];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const fault = (faults.length > 1 ? faults.shift() : faults[0]) as Fault;
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      });
      answer(fault, response, timers);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => {
      faults = next;
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(fault: Fault, response: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  if (fault.kind === "hang") return;
  if (fault.kind === "reset") {
    response.socket?.destroy();
    return;
  }
  if (fault.kind === "reply") {
    response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
    response.end(fault.body);
    return;
  }
  response.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
  const [first, ...rest] = fault.chunks;
  response.write(first ?? "");
  const send = (remaining: string[]) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const [next, ...after] = remaining;
      if (after.length === 0) response.end(next);
      else {
        response.write(next ?? "");
        send(after);
      }
    }, fault.intervalMs);
    timers.add(timer);
  };
  if (rest.length > 0) send(rest);
  else response.end();
}
