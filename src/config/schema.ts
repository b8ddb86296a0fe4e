import Type, { type Static } from 'typebox';
import { InputsConfigSchema } from './inputs-schema.js';
import { SyncConfigSchema } from './sync-schema.js';
import { MapConfigSchema } from './map-schema.js';
import { CheckpointConfigSchema } from './checkpoint-schema.js';

/**
 * The one configuration schema: types, defaults and descriptions. The README's configuration
 * reference and the KAKOU_* environment names are derived from it (see describe-config.ts).
 */

export const ConfigSchema = Type.Object(
  {
    node: Type.Object(
      {
        id: Type.String({
          minLength: 1,
          maxLength: 64,
          pattern: '^[A-Za-z0-9._-]+$',
          default: 'kakou-node',
          description: 'Node id reported upstream; unique per checkpoint.',
        }),
        name: Type.String({ default: '卡口节点', description: 'Human name shown on the terminal.' }),
      },
      { default: {}, additionalProperties: false },
    ),
    site: Type.Object(
      {
        name: Type.String({ default: '示范卡口', description: 'Checkpoint name shown on the terminal.' }),
        lat: Type.Number({
          minimum: -90,
          maximum: 90,
          default: 30.7522,
          description: 'Checkpoint latitude, decimal degrees WGS84.',
        }),
        lon: Type.Number({
          minimum: -180,
          maximum: 180,
          default: 120.7585,
          description: 'Checkpoint longitude, decimal degrees WGS84.',
        }),
        utcOffsetMinutes: Type.Integer({
          minimum: -720,
          maximum: 840,
          default: 480,
          description: 'Local time offset used for shift boundaries (China Standard Time = 480).',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    http: Type.Object(
      {
        host: Type.String({
          default: '127.0.0.1',
          description: 'Address the terminal and API listen on. Use 0.0.0.0 to serve the site LAN.',
        }),
        port: Type.Integer({
          minimum: 0,
          maximum: 65535,
          default: 8080,
          description: 'HTTP port of the terminal and API (0 picks a free port).',
        }),
        certFile: Type.String({
          default: '',
          description:
            'Certificate (PEM, with any intermediates) to serve the terminal over HTTPS; `kakou certs self-signed` makes one for a site without a CA.',
        }),
        keyFile: Type.String({ default: '', description: 'Private key (PEM) of http.certFile.' }),
        metricsPort: Type.Integer({
          minimum: -1,
          maximum: 65535,
          default: -1,
          description:
            'A separate plain-HTTP listener for GET /metrics (and /healthz), so Prometheus scrapes without the ' +
            'terminal certificate; -1 off (metrics stay on the terminal port either way), 0 a free port.',
        }),
        metricsHost: Type.String({
          default: '127.0.0.1',
          description:
            'Address of the metrics listener (http.metricsPort); 0.0.0.0 lets a Prometheus elsewhere on the LAN scrape it.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    mqtt: Type.Object(
      {
        url: Type.String({ default: 'mqtt://127.0.0.1:1883', description: 'Site broker URL (mqtt:// or mqtts://).' }),
        clientId: Type.String({ default: '', description: 'MQTT client id; empty means kakou-<node.id>.' }),
        username: Type.String({ default: '', description: 'Broker user name, if the broker requires one.' }),
        password: Type.String({
          default: '',
          description: 'Broker password. Prefer passwordFile or KAKOU_MQTT__PASSWORD; never commit it.',
        }),
        passwordFile: Type.String({ default: '', description: 'File holding the broker password (first line).' }),
        caFile: Type.String({
          default: '',
          description: "CA certificate (PEM) the broker's certificate must chain to (mqtts:// and wss://).",
        }),
        certFile: Type.String({
          default: '',
          description: 'Client certificate (PEM) for brokers that authenticate clients by certificate.',
        }),
        keyFile: Type.String({ default: '', description: 'Private key (PEM) of mqtt.certFile.' }),
        qos: Type.Union([Type.Literal(0), Type.Literal(1)], { default: 1, description: 'Subscription QoS.' }),
        watch: Type.String({
          default: '',
          description:
            'One filter covering every profile topic (e.g. # for the shipped profiles, which use kakou/... and spBv1.0/...). ' +
            'When set, the node subscribes to it alone, so messages on topics no profile claims are counted as unknown.',
        }),
        reconnectMs: Type.Integer({
          minimum: 100,
          maximum: 600_000,
          default: 2000,
          description: 'Delay between reconnect attempts.',
        }),
        decodeThread: Type.Union([Type.Literal('auto'), Type.Literal('worker'), Type.Literal('main')], {
          default: 'auto',
          description:
            'Where broker messages are parsed and normalized: worker (a thread of their own, which takes more than half' +
            ' the work per message off the main thread, for about 10-30 MiB), main, or auto (worker on machines with 2 or more cores).',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    inputs: InputsConfigSchema,
    storage: Type.Object(
      {
        dataDir: Type.String({ default: './data', description: 'Folder for the SQLite database and uploaded files.' }),
        busyTimeoutMs: Type.Integer({
          minimum: 0,
          maximum: 60_000,
          default: 5000,
          description: 'SQLite busy timeout.',
        }),
        maxSizeMb: Type.Integer({
          minimum: 0,
          default: 0,
          description:
            'Largest the database may grow (0: as large as the disk). Past it writes are refused whole ' +
            '(KAKOU_E_STORAGE_FULL), as on a full disk, and resume when room is made.',
        }),
        checkpointIntervalS: Type.Integer({
          minimum: 10,
          maximum: 86_400,
          default: 300,
          description: 'How often the write-ahead log is folded into the database and emptied, so it stays bounded.',
        }),
        decisionRetentionDays: Type.Integer({
          minimum: 30,
          default: 400,
          description:
            'Decisions older than this are removed from the node (each went upstream in its own outbox row). ' +
            'Inspection records are never removed. Raw telemetry is never stored: tracks live in memory.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    deviceProfiles: Type.Object(
      {
        dir: Type.String({
          default: '',
          description:
            'Folder of device profile JSON files; empty means the device-profiles/ folder shipped with Kakou.',
        }),
        enabled: Type.Array(Type.String(), {
          default: [],
          description: 'Profile ids to load; empty loads every profile in the folder.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    snapshot: Type.Object(
      {
        file: Type.String({
          default: '',
          description:
            'Signed credit snapshot file imported at start when newer than the one in force (for example from a USB stick).',
        }),
        trustedKeys: Type.Array(Type.String({ pattern: '^[0-9a-fA-F]{64}$' }), {
          default: [],
          description: 'Issuer public keys (raw Ed25519, hex) whose snapshots this node accepts.',
        }),
        fetchIntervalMinutes: Type.Number({
          minimum: 0,
          default: 60,
          description: 'How often to ask the central (sync.centralUrl) for a newer snapshot; 0 never asks.',
        }),
        driverIdKey: Type.String({
          default: '',
          description:
            "The provincial driver-id key (64 hex digits) the snapshot issuer hashes drivers' ID numbers with " +
            '(HMAC-SHA256); without it drivers are not checked. A secret: prefer driverIdKeyFile or ' +
            'KAKOU_SNAPSHOT__DRIVER_ID_KEY.',
        }),
        driverIdKeyFile: Type.String({ default: '', description: 'File holding snapshot.driverIdKey (first line).' }),
        staleAfterHours: Type.Number({
          minimum: 1,
          default: 72,
          description: 'After this age the terminal warns that credit data is stale.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    checkpoint: CheckpointConfigSchema,
    tracks: Type.Object(
      {
        staleAfterS: Type.Integer({
          minimum: 10,
          default: 900,
          description:
            'A vehicle, or a vessel that went dark near the checkpoint, leaves the live list after this long ' +
            'unheard. Other vessels leave when they become lost targets (ITU-R M.1371 reporting interval by ' +
            'class and speed).',
        }),
        maxTracks: Type.Integer({
          minimum: 10,
          default: 100_000,
          description: 'Hard bound on live tracks; the least recently seen are dropped first.',
        }),
        historySize: Type.Integer({
          minimum: 2,
          maximum: 4096,
          default: 64,
          description: 'Position fixes kept per track.',
        }),
        maxSpeedKn: Type.Number({
          minimum: 5,
          maximum: 200,
          default: 50,
          description: 'A move between two fixes implying more than this speed is a position jump.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    scoring: Type.Object(
      {
        policy: Type.String({
          default: 'kakou-checkpoint',
          description:
            'Targeting policy: a preset name (kakou-checkpoint, paris-mou-nir, tokyo-mou-nir) or the path of ' +
            'a policy JSON file (points per factor, thresholds, windows, sampling rates, capacity, burden ' +
            'cap).',
        }),
        shiftHours: Type.Integer({
          minimum: 1,
          maximum: 24,
          default: 8,
          description: 'Shift length; a new random-draw seed is committed at each shift start.',
        }),
        seed: Type.String({
          default: '',
          description:
            'Fixed random-draw seed (hex). Only for demos and tests: empty means a fresh secret seed per shift.',
        }),
        rescoreMs: Type.Integer({
          minimum: 0,
          maximum: 5000,
          default: 20,
          description:
            'A changed target is rescored at most this long after the message that changed it; messages within it are coalesced into one rescore.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    sync: SyncConfigSchema,
    map: MapConfigSchema,
    auth: Type.Object(
      {
        sessionIdleMinutes: Type.Integer({
          minimum: 1,
          maximum: 1440,
          default: 30,
          description: 'A terminal session ends after this long without a request.',
        }),
        sessionMaxHours: Type.Integer({
          minimum: 1,
          maximum: 72,
          default: 14,
          description:
            'A terminal session ends this long after login however active it is (a shift plus its handover); the officer logs in again.',
        }),
        loginAttemptsPerMinute: Type.Integer({
          minimum: 1,
          maximum: 100,
          default: 5,
          description:
            'Login attempts allowed per address and user per minute, counted before the password is checked.',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    log: Type.Object(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info', description: 'Log level.' },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
