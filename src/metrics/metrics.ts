import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { createOpsMetrics } from './ops-metrics.js';

/**
 * Every queue, rate and drop reason of the node as Prometheus metrics. One registry per app
 * instance, so tests can run several nodes in one process.
 */
export function createMetrics() {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds and process memory and file descriptors.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  // Counts kept outside prom-client on hot paths (tally.ts) are added to their counters when collected.
  const beforeCollect = new Set<() => void>();
  const collect = () => {
    for (const flush of beforeCollect) flush();
  };
  return {
    registry,
    beforeCollect,
    messages: new Counter({
      name: 'kakou_ingest_messages_total',
      help: 'Device messages by profile and outcome (accepted, dropped, partial).',
      labelNames: ['profile', 'outcome'],
      registers: [registry],
      collect,
    }),
    drops: new Counter({
      name: 'kakou_ingest_drops_total',
      help: 'Rejected messages or sentences by profile and reason code.',
      labelNames: ['profile', 'reason'],
      registers: [registry],
    }),
    fieldRejects: new Counter({
      name: 'kakou_ingest_field_rejects_total',
      help:
        'Field values refused and set to null (reason range: outside the valid range or format; size: larger' +
        ' than its bound; characters: an identity with control characters), by profile, field and reason.',
      labelNames: ['profile', 'field', 'reason'],
      registers: [registry],
    }),
    observations: new Counter({
      name: 'kakou_observations_total',
      help: 'Typed observations produced, by kind.',
      labelNames: ['kind'],
      registers: [registry],
      collect,
    }),
    listenerFailures: new Counter({
      name: 'kakou_event_listener_failures_total',
      help: 'Event listeners that threw, by event and owning stage (the event still reached the other listeners).',
      labelNames: ['event', 'owner'],
      registers: [registry],
    }),
    mqttConnected: new Gauge({
      name: 'kakou_mqtt_connected',
      help: '1 while the site broker connection is up.',
      registers: [registry],
    }),
    mqttReconnects: new Counter({
      name: 'kakou_mqtt_reconnects_total',
      help: 'Broker reconnect attempts.',
      registers: [registry],
    }),
    decodeQueue: new Gauge({
      name: 'kakou_mqtt_decode_queue',
      help: 'Broker messages the MQTT decode thread has handed over and the main thread has not yet taken in (the socket is paused at the bound).',
      registers: [registry],
    }),
    decodeHeap: new Gauge({
      name: 'kakou_mqtt_decode_thread_heap_bytes',
      help: 'V8 heap in use by the MQTT decode thread (nodejs_heap_* cover the main thread only).',
      registers: [registry],
    }),
    decodeRestarts: new Counter({
      name: 'kakou_mqtt_decode_thread_restarts_total',
      help: 'Restarts of the MQTT decode thread after it failed.',
      registers: [registry],
    }),
    inputUp: new Gauge({
      name: 'kakou_input_up',
      help: '1 while an NMEA input (TCP client, UDP listener) is connected or listening.',
      labelNames: ['input', 'transport'],
      registers: [registry],
    }),
    inputReconnects: new Counter({
      name: 'kakou_input_reconnects_total',
      help: 'NMEA input reconnect (TCP) or rebind (UDP) attempts.',
      labelNames: ['input'],
      registers: [registry],
    }),
    inputLines: new Counter({
      name: 'kakou_input_lines_total',
      help: 'Lines received per NMEA input.',
      labelNames: ['input'],
      registers: [registry],
    }),
    deviceQuality: new Gauge({
      name: 'kakou_device_quality_ratio',
      help: 'Share of device messages that were valid (measure="valid", the qualified rate) and on time (measure="timely"), by profile.',
      labelNames: ['profile', 'measure'],
      registers: [registry],
    }),
    tracks: new Gauge({
      name: 'kakou_tracks',
      help: 'Live tracks by kind.',
      labelNames: ['kind'],
      registers: [registry],
    }),
    tracksRemoved: new Counter({
      name: 'kakou_tracks_removed_total',
      help: 'Tracks removed, by cause (expired, evicted).',
      labelNames: ['cause'],
      registers: [registry],
    }),
    targets: new Gauge({
      name: 'kakou_targets',
      help: 'Targets on the list by tier.',
      labelNames: ['tier'],
      registers: [registry],
    }),
    scoreFailures: new Gauge({
      name: 'kakou_target_score_failures',
      help: 'Targets that could not be scored since start (each logged with the target); they keep their previous score.',
      registers: [registry],
    }),
    decisionsDropped: new Counter({
      name: 'kakou_decisions_dropped_total',
      help: 'Decisions dropped because the database refused writes for so long that the in-memory queue reached its bound.',
      registers: [registry],
    }),
    rescores: new Counter({
      name: 'kakou_target_rescores_total',
      help: 'Target rescore batches.',
      registers: [registry],
    }),
    inspections: new Counter({
      name: 'kakou_inspections_total',
      help: 'Inspection records stored, by result.',
      labelNames: ['result'],
      registers: [registry],
    }),
    outboxRows: new Gauge({
      name: 'kakou_outbox_rows',
      help: 'Outbox rows waiting for upstream, by lane.',
      labelNames: ['lane'],
      registers: [registry],
    }),
    outboxOldestAge: new Gauge({
      name: 'kakou_outbox_oldest_age_seconds',
      help: 'Age of the oldest outbox row.',
      registers: [registry],
    }),
    outboxAcked: new Counter({
      name: 'kakou_outbox_acked_total',
      help: 'Records acknowledged by the central, by lane (the drain rate is its rate).',
      labelNames: ['lane'],
      registers: [registry],
    }),
    deadLetters: new Gauge({
      name: 'kakou_outbox_dead_letters',
      help: 'Records the central rejected, waiting for an administrator.',
      registers: [registry],
    }),
    syncBatches: new Counter({
      name: 'kakou_sync_batches_total',
      help: 'Uplink batches by outcome (ok, unreachable, server, refused, protocol).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    uplinkRefilled: new Counter({
      name: 'kakou_uplink_refilled_records_total',
      help: 'Records the central lost after acknowledging them: requeued from the archive, or unrecoverable (past sync.refillDays).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'kakou_sse_clients',
      help: 'Connected terminal event streams.',
      registers: [registry],
    }),
    snapshotVersion: new Gauge({
      name: 'kakou_snapshot_version',
      help: 'Credit snapshot version in force (0 = none).',
      registers: [registry],
    }),
    snapshotAge: new Gauge({
      name: 'kakou_snapshot_age_seconds',
      help: 'Age of the credit snapshot in force since it was issued.',
      registers: [registry],
    }),
    creditIndexBytes: new Gauge({
      name: 'kakou_credit_index_bytes',
      help: 'Size of the credit snapshot packed in memory for lookups (0 while lookups read SQLite).',
      registers: [registry],
    }),
    walBytes: new Gauge({
      name: 'kakou_storage_wal_bytes',
      help: 'Size of the SQLite write-ahead log after the latest checkpoint.',
      registers: [registry],
    }),
    checkpoints: new Counter({
      name: 'kakou_storage_checkpoints_total',
      help: 'Scheduled WAL checkpoints by result (truncate, passive, busy).',
      labelNames: ['mode'],
      registers: [registry],
    }),
    pruned: new Counter({
      name: 'kakou_storage_pruned_total',
      help: 'Rows removed past their retention, by table.',
      labelNames: ['table'],
      registers: [registry],
    }),
    logins: new Counter({
      name: 'kakou_logins_total',
      help: 'Login attempts by outcome.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    auditSuppressed: new Counter({
      name: 'kakou_audit_suppressed_total',
      help:
        'Audit entries of unauthenticated requests not written because their address passed its ' +
        'per-minute allowance (the next admitted entry says how many).',
      registers: [registry],
    }),
    ...createOpsMetrics(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
