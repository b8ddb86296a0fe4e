import { zeroSeries } from '../metrics/zero-series.js';
import { PACKAGE_VERSION } from '../paths.js';
import { MetricsListener } from '../web/metrics-listener.js';
import { refreshGauges } from './gauges.js';
import type { NodeParts } from './node-parts.js';
import type { Ground } from './stages.js';

/**
 * What the node tells Prometheus beyond its stages' own counters: the build, every known counter
 * at zero, the publish-to-list latency, and the separate metrics listener when one is configured
 * (http.metricsPort).
 */
export function operatorMetrics(g: Ground, parts: NodeParts): MetricsListener | null {
  const { config, metrics, events, clock } = g;
  metrics.buildInfo.set({ version: PACKAGE_VERSION }, 1);
  zeroSeries(
    metrics,
    parts.profiles.map((p) => p.profile.id),
    config.inputs.nmea.map((i) => i.id),
  );
  // Publish to list: the oldest device message each rescore takes in, measured from its arrival.
  let oldestWaiting: number | null = null;
  events.on('observation', 'metrics', (o) => {
    oldestWaiting ??= o.receivedAt;
  });
  events.on('targets-changed', 'metrics', () => {
    if (oldestWaiting === null) return;
    metrics.listLatency.observe(Math.max(0, clock.now() - oldestWaiting) / 1000);
    oldestWaiting = null;
  });
  if (config.http.metricsPort < 0) return null;
  return new MetricsListener(
    config.http.metricsHost,
    config.http.metricsPort,
    metrics,
    () => refreshGauges(parts, clock),
    g.log.child({ module: 'metrics' }),
  );
}
