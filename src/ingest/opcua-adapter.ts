import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import type { OpcUaTransport } from '../normalize/profiles/profile-schema.js';
import type { AdapterState, AdapterStatus } from './adapter-status.js';
import type { FrameSink, IngestAdapter } from './ingest-adapter.js';

// node-opcua is large: it is imported only when a profile needs it.
type OpcUa = typeof import('node-opcua'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- a type-only view of a module loaded on demand
type Client = ReturnType<OpcUa['OPCUAClient']['create']>;

/**
 * One OPC UA server of a fixed installation (a scale, a gas detector, a tank-farm PLC): one
 * session, one subscription, the profile's nodes as one group of monitored items. Each tag's last
 * status is kept (an unknown node id is a tag status, not a failure); the client reconnects with
 * backoff, and a watchdog rebuilds the session when nothing (no data, no keep-alive) arrives for
 * stallTimeoutS, since a stalled server may never close the connection.
 */
export class OpcUaAdapter implements IngestAdapter {
  readonly id: string;
  private readonly profile: string;
  private client: Client | null = null;
  private watchdog: Timer | null = null;
  private stopped = true;
  private lastHeard = 0;
  private generation = 0;
  private readonly values: Record<string, unknown> = {};
  private readonly st: AdapterStatus;

  readonly kind = 'opcua';
  private readonly source: string;

  /** `input`: the installation's id, and the device profile its values are mapped by. */
  constructor(
    input: { id: string; profile: string },
    private readonly t: OpcUaTransport & { endpoint: string },
    private readonly pkiDir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly sink: FrameSink,
    private readonly onState: (state: AdapterState) => void = () => {},
  ) {
    this.id = input.id;
    this.profile = input.profile;
    this.source = `opcua:${input.id}`;
    const mode = t.securityMode ?? 'SignAndEncrypt';
    this.st = {
      name: input.id,
      kind: 'opcua',
      url: t.endpoint,
      state: 'stopped',
      since: clock.now(),
      lastError: null,
      messages: 0,
      reconnects: 0,
      tags: {},
      security: {
        mode,
        policy: t.securityPolicy ?? (mode === 'None' ? 'None' : 'Basic256Sha256'),
        serverCertificate: t.serverCertificateSha256
          ? 'pinned'
          : t.acceptUnknownServerCertificate
            ? 'any (lab)'
            : 'trust list',
      },
    };
    for (const name of Object.keys(t.nodes)) (this.st.tags as Record<string, string>)[name] = 'pending';
  }

  status(): AdapterStatus {
    return { ...this.st, tags: { ...this.st.tags }, ...(this.st.security && { security: { ...this.st.security } }) };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
    this.watchdog = this.clock.every(1000, () => this.check()).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watchdog?.cancel();
    this.watchdog = null;
    await this.close();
    this.setState('stopped');
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.setState(this.st.reconnects === 0 ? 'connecting' : 'reconnecting');
    try {
      const ua = (await import('node-opcua')) as OpcUa;
      mkdirSync(this.pkiDir, { recursive: true });
      const { mode, policy } = this.st.security as {
        mode: 'SignAndEncrypt' | 'Sign' | 'None';
        policy: 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss' | 'None';
      };
      const certificateManager = new ua.OPCUACertificateManager({
        rootFolder: this.pkiDir,
        automaticallyAcceptUnknownCertificate: this.t.acceptUnknownServerCertificate === true,
      });
      const pin = this.t.serverCertificateSha256?.toLowerCase();
      if (pin) {
        // A pinned server is trusted by its certificate alone, whatever the trust list says.
        const trustList = certificateManager.checkCertificate.bind(certificateManager) as (
          c: Buffer,
        ) => Promise<unknown>;
        Object.assign(certificateManager, {
          checkCertificate: async (chain: Buffer) =>
            createHash('sha256').update(leafCertificate(chain)).digest('hex') === pin
              ? ua.StatusCodes.Good
              : trustList(chain),
        });
      }
      const client = ua.OPCUAClient.create({
        applicationName: 'kakou',
        endpointMustExist: false,
        keepSessionAlive: true,
        clientCertificateManager: certificateManager,
        securityMode: ua.MessageSecurityMode[mode],
        securityPolicy: ua.SecurityPolicy[policy],
        connectionStrategy: { initialDelay: 500, maxDelay: 10_000, maxRetry: 1_000_000 },
      });
      this.client = client;
      client.on('connection_lost', () => this.setState('reconnecting'));
      client.on('connection_reestablished', () => {
        this.st.reconnects++;
        this.setState('connected');
      });
      client.on('backoff', (_n: number, delay: number) => {
        this.st.lastError = `server unreachable, retrying in ${delay} ms`;
      });
      await client.connect(this.t.endpoint);
      const session = await client.createSession();
      const subscription = await session.createSubscription2({
        requestedPublishingInterval: this.t.publishingIntervalMs ?? 500,
        requestedMaxKeepAliveCount: 4,
        requestedLifetimeCount: 40,
        publishingEnabled: true,
        priority: 1,
      });
      subscription.on('keepalive', () => {
        this.lastHeard = this.clock.now();
      });
      const names = Object.keys(this.t.nodes);
      const group = ua.ClientMonitoredItemGroup.create(
        subscription,
        names.map((n) => ({ nodeId: this.t.nodes[n] as string, attributeId: ua.AttributeIds.Value })),
        { samplingInterval: this.t.samplingIntervalMs ?? 500, discardOldest: true, queueSize: 1 },
        ua.TimestampsToReturn.Both,
      );
      group.on('initialized', () => {
        group.monitoredItems.forEach((item, i) => {
          const code = item.statusCode;
          if (code && code.isNotGood()) (this.st.tags as Record<string, string>)[names[i] as string] = code.name;
        });
      });
      group.on('changed', (_item, dataValue, index) => {
        if (generation !== this.generation) return;
        const name = names[index] as string;
        this.lastHeard = this.clock.now();
        (this.st.tags as Record<string, string>)[name] = dataValue.statusCode.name;
        if (!dataValue.statusCode.isGood()) return;
        this.values[name] = dataValue.value.value as unknown;
        // Both timestamps are kept: the device's (source) for observedAt, the server's for diagnosis.
        if (dataValue.sourceTimestamp) this.values.sourceTimestamp = dataValue.sourceTimestamp.getTime();
        if (dataValue.serverTimestamp) this.values.serverTimestamp = dataValue.serverTimestamp.getTime();
        this.st.messages++;
        const captures = { input: this.id };
        this.sink({ form: 'values', source: this.source, profile: this.profile, values: { ...this.values }, captures });
      });
      this.lastHeard = this.clock.now();
      this.st.lastError = null;
      this.setState('connected');
      this.log.info({ endpoint: this.t.endpoint }, 'OPC UA session open');
    } catch (err) {
      this.st.lastError = (err as Error).message;
      this.log.warn({ err: (err as Error).message, endpoint: this.t.endpoint }, 'OPC UA session failed');
      if (!this.stopped && generation === this.generation) this.setState('offline');
    }
  }

  /** The watchdog: nothing heard for stallTimeoutS while supposedly connected, or a failed open: start again. */
  private check(): void {
    if (this.stopped) return;
    const stall = (this.t.stallTimeoutS ?? 30) * 1000;
    const silent = this.clock.now() - this.lastHeard > stall;
    if (
      (this.st.state === 'connected' && silent) ||
      (this.st.state === 'offline' && this.clock.now() - this.st.since > stall)
    ) {
      this.log.warn({ endpoint: this.t.endpoint }, 'OPC UA session stalled: rebuilding it');
      this.st.lastError = `no notification for ${Math.round(stall / 1000)} s`;
      this.st.reconnects++;
      void this.close().then(() => this.open());
    }
  }

  private async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.generation++;
    if (client) await client.disconnect().catch(() => undefined);
  }

  private setState(state: AdapterState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
    this.onState(state);
  }
}

/** The first certificate of a DER chain (a server may send its issuers after it): the one a pin names. */
export function leafCertificate(chain: Buffer): Buffer {
  if (chain.length < 2 || chain[0] !== 0x30) return chain;
  const first = chain[1] as number;
  if (first < 0x80) return chain.subarray(0, 2 + first);
  const n = first & 0x7f;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (chain[2 + i] as number);
  return chain.subarray(0, 2 + n + length);
}
