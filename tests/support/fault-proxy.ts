import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'drop-ack' | 'error500' | 'down';

export interface FaultProxy {
  url: string;
  mode: FaultMode;
  /** Requests seen per mode, for the test's own sanity checks. */
  seen: Record<FaultMode, number>;
  /** Requests that a fault actually hit (an uplink whose answer was cut, a 500, a reset). */
  readonly faulted: number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the central that injects faults: `drop-ack` forwards the request and
 * lets the central commit it, then cuts the connection before the answer reaches the node;
 * `error500` answers 500 without forwarding; `down` resets every connection.
 */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const state = { mode: 'pass' as FaultMode, seen: { pass: 0, 'drop-ack': 0, error500: 0, down: 0 }, faulted: 0 };
  const server: Server = createServer((req, res) => {
    const mode = state.mode;
    state.seen[mode]++;
    if (mode === 'down') {
      state.faulted++;
      req.socket.destroy();
      return;
    }
    if (mode === 'error500') {
      state.faulted++;
      req.resume();
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"code":"KAKOU_E_INTERNAL","message":"injected","details":[]}}');
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (mode === 'drop-ack' && req.url?.startsWith('/v1/uplink')) {
          state.faulted++;
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    get mode() {
      return state.mode;
    },
    set mode(m: FaultMode) {
      state.mode = m;
    },
    seen: state.seen,
    get faulted() {
      return state.faulted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
