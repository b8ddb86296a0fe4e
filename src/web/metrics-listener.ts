import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';

/**
 * A plain-HTTP listener for Prometheus beside the terminal (http.metricsPort): a scraper needs no
 * terminal certificate and no session, and the terminal's port can stay reachable to officers only.
 * It answers GET /metrics and /healthz and nothing else; it reads, never writes.
 */
export class MetricsListener {
  private readonly server: Server;

  constructor(
    private readonly host: string,
    private readonly port: number,
    metrics: Metrics,
    refresh: () => void,
    log: Logger,
  ) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"alive"}');
        return;
      }
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics and /healthz here\n');
        return;
      }
      try {
        refresh();
      } catch (err) {
        log.warn({ err }, 'gauges could not be refreshed for a scrape');
      }
      metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
        (err: unknown) => {
          log.error({ err }, 'metrics could not be collected');
          res.writeHead(500).end();
        },
      );
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
