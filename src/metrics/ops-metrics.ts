import { Gauge, Histogram, type Registry } from 'prom-client';

/**
 * What an operator alerts on (deploy/prometheus/kakou-alerts.yml): readiness with its failing
 * check, the uplink's problems, each device's liveness and data quality, the build, and how long
 * a device message takes to reach the target list. Every series here exists from start.
 */
export function createOpsMetrics(registry: Registry) {
  return {
    buildInfo: new Gauge({
      name: 'kakou_build_info',
      help: 'Always 1; the version label names the running build (nodejs_version_info names the runtime).',
      labelNames: ['version'],
      registers: [registry],
    }),
    ready: new Gauge({
      name: 'kakou_ready',
      help: '1 when every readiness check passes (GET /readyz answers 200).',
      registers: [registry],
    }),
    readyCheck: new Gauge({
      name: 'kakou_ready_check',
      help: 'Each readiness check: 1 passing, 0 failing (the check label is the reason /readyz gives).',
      labelNames: ['check'],
      registers: [registry],
    }),
    uplinkProblem: new Gauge({
      name: 'kakou_uplink_problem',
      help: 'Uplink problems: key_conflict, not_registered, revoked, dead_letters, backlog_old (1 while present).',
      labelNames: ['problem'],
      registers: [registry],
    }),
    deviceOnline: new Gauge({
      name: 'kakou_device_online',
      help: '1 while a device has spoken within its profile liveness, by profile and device.',
      labelNames: ['profile', 'device'],
      registers: [registry],
    }),
    deviceLastMessageAge: new Gauge({
      name: 'kakou_device_last_message_age_seconds',
      help: "Seconds since a device's last message.",
      labelNames: ['profile', 'device'],
      registers: [registry],
    }),
    deviceShare: new Gauge({
      name: 'kakou_device_share_ratio',
      help: "A device's share of messages valid and on time (measure valid or timely), against the platform's 98 % and 80 %.",
      labelNames: ['profile', 'device', 'measure'],
      registers: [registry],
    }),
    storageFree: new Gauge({
      name: 'kakou_storage_free_bytes',
      help: 'Bytes free to the node on the filesystem of its data folder.',
      registers: [registry],
    }),
    storageSize: new Gauge({
      name: 'kakou_storage_size_bytes',
      help: "Bytes of the filesystem holding the node's data folder.",
      registers: [registry],
    }),
    capacity: new Gauge({
      name: 'kakou_capacity_targets',
      help:
        'The next hour against the boarding capacity (when the policy sets one): boardings per hour, selected ' +
        'targets arriving, must-inspect targets beyond capacity (must_over), others deferred.',
      labelNames: ['measure'],
      registers: [registry],
    }),
    listLatency: new Histogram({
      name: 'kakou_publish_to_list_seconds',
      help: 'From a device message reaching the node to the target list that includes it (the oldest message of each rescore).',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
