/** A loopback HTTP server in its own process, so the client under measurement has its thread to itself: every request gets 200 `{}`, with keep-alive. */
import { type ChildProcess, spawn } from "node:child_process";

const SERVER = `
const http = require("node:http");
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => { response.writeHead(200, { "content-type": "application/json", "content-length": "2" }); response.end("{}"); });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

export async function startLoopbackServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", () => reject(new Error("the bench server exited")));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}
