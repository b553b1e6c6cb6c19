/**
 * A TCP proxy for tests: put it between billet and a real dependency, then `stop()` it to make
 * the dependency vanish (listener closed, every connection destroyed) and `start()` it again on
 * the same port to bring it back. The dependency itself is never touched.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Closes the listener and destroys every open connection: the dependency is gone. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** For each connection ever made, what the client sent last (up to 16 bytes), once it closed. */
  closedConnectionTails(): Buffer[];
  /** Connections still open. */
  openConnections(): number;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  const tails: Buffer[] = [];
  let server: Server | undefined;
  let port = 0;

  const accept = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    let tail = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]).subarray(-16);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", () => {
      pairs.delete(pair);
      tails.push(tail);
      end();
    });
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(accept);
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        const address = next.address();
        if (address && typeof address === "object") port = address.port;
        server = next;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    async stop() {
      const closing = server;
      server = undefined;
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    start: listen,
    closedConnectionTails: () => [...tails],
    openConnections: () => pairs.size,
  };
}
