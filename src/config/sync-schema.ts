import Type from 'typebox';

/** The uplink to the central (sync/README.md): where, with which identity and trust, how fast. */
export const SyncConfigSchema = Type.Object(
  {
    centralUrl: Type.String({
      default: '',
      description: 'Base URL of the central system (e.g. https://central.example/); empty keeps records in the outbox.',
    }),
    keyFile: Type.String({
      default: '',
      description:
        'Ed25519 private key (PEM) of this node; empty means node-key.pem in storage.dataDir, created on first start.',
    }),
    enrolmentToken: Type.String({
      default: '',
      description:
        'One-time enrolment token the central issued for this node id (`kakou central nodes token`), ' +
        'presented at the first registration. Prefer enrolmentTokenFile or KAKOU_SYNC__ENROLMENT_TOKEN. ' +
        'Not needed when an administrator registered the node key.',
    }),
    enrolmentTokenFile: Type.String({ default: '', description: 'File holding sync.enrolmentToken (first line).' }),
    batchSize: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      default: 1000,
      description: 'Records per uplink batch.',
    }),
    requestTimeoutMs: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 15_000,
      description: 'Timeout of one uplink request.',
    }),
    minBackoffMs: Type.Integer({
      minimum: 10,
      default: 1000,
      description: 'First retry delay after a failed uplink; doubles per failure, with jitter.',
    }),
    maxBackoffMs: Type.Integer({ minimum: 10, default: 60_000, description: 'Longest retry delay.' }),
    probeMs: Type.Integer({
      minimum: 10,
      default: 2000,
      description: 'While backing off, how often to probe the central so that sync resumes as soon as it is back.',
    }),
    caFile: Type.String({
      default: '',
      description:
        "CA certificate (PEM) the central's HTTPS certificate must chain to, when not a public CA (a self-signed central: its own certificate).",
    }),
    pinSha256: Type.String({
      default: '',
      description:
        "Pin of the central's public key: SHA-256 of its SubjectPublicKeyInfo, base64 (`kakou certs pin FILE` prints it). The uplink refuses any other key.",
    }),
    certFile: Type.String({
      default: '',
      description: 'Client certificate (PEM) for a central that requires mutual TLS.',
    }),
    tlsKeyFile: Type.String({ default: '', description: 'Private key (PEM) of sync.certFile.' }),
    backlogAlertMinutes: Type.Integer({
      minimum: 1,
      default: 60,
      description:
        'A record waiting longer than this for the central makes /readyz fail (check uplink) and sets kakou_uplink_problem{problem="backlog_old"}.',
    }),
    refillDays: Type.Integer({
      minimum: 1,
      maximum: 3650,
      default: 30,
      description:
        'Records the central acknowledged are kept on the node this long, so a central restored from an older ' +
        'backup is refilled: the node sends again whatever it no longer holds.',
    }),
    telemetryBudgetMb: Type.Number({
      minimum: 0,
      default: 64,
      description:
        'Disk budget for queued telemetry payloads; past it the oldest are evicted. Inspection records are never evicted.',
    }),
  },
  { default: {}, additionalProperties: false },
);
