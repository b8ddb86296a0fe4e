import mqtt, { type MqttClient } from 'mqtt';
import type { Clock } from '../clock.js';
import type { TlsMaterial } from '../config/tls-files.js';
import type { Logger } from '../logger.js';

import type { AdapterState, AdapterStatus } from './adapter-status.js';

export interface MqttAdapterOptions {
  url: string;
  clientId: string;
  username: string;
  password: string;
  qos: 0 | 1;
  reconnectMs: number;
  /** MQTT subscription filters, one per loaded device profile. */
  filters: string[];
  /** CA to verify the broker by, and a client certificate for brokers that ask for one. */
  tls?: TlsMaterial;
}

export interface MqttAdapterHooks {
  onMessage(topic: string, payload: Buffer): void;
  onState?(state: AdapterState): void;
  /** Any change of status besides the message count (state, last error): for a copy kept in another thread. */
  onChange?(status: AdapterStatus): void;
  /**
   * Back-pressure: called after each message with the function that lets the next one be read.
   * Until it is called MQTT.js reads nothing more, the socket's buffers fill, and the broker holds
   * (QoS 1) or drops and counts (QoS 0) what the node cannot take, instead of the node's memory.
   */
  pace?(resume: () => void): void;
}

/** Strips credentials from a URL before it is shown or logged. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * The site-broker adapter: one MQTT.js client that subscribes to every profile's topic filter and
 * hands each message on. Subscriptions are renewed on every connect, because a broker that lost
 * its session state (restart without persistence) would otherwise leave the node deaf.
 */
export class MqttAdapter {
  private client: MqttClient | null = null;
  private readonly st: AdapterStatus;

  constructor(
    private readonly opts: MqttAdapterOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: MqttAdapterHooks,
  ) {
    this.st = {
      name: 'site-broker',
      kind: 'mqtt',
      url: safeUrl(opts.url),
      state: 'stopped',
      since: clock.now(),
      lastError: null,
      messages: 0,
      reconnects: 0,
      subscriptions: opts.filters,
    };
  }

  status(): AdapterStatus {
    return { ...this.st };
  }

  start(): void {
    if (this.client) return;
    this.setState('connecting');
    const client = mqtt.connect(this.opts.url, {
      clientId: this.opts.clientId,
      // A persistent session lets the broker queue QoS 1 messages across a short node restart.
      clean: false,
      reconnectPeriod: this.opts.reconnectMs,
      connectTimeout: 10_000,
      keepalive: 30,
      // MQTT.js traces every packet through the debug package, asking it each time whether tracing
      // is on, which shows in a flood's profile. Its trace goes to this log instead at level trace: what it did, not the
      // values (they may be a device's payload).
      log: this.log.isLevelEnabled('trace')
        ? (what: string) => this.log.trace({ mqttjs: what }, 'mqtt.js trace')
        : () => undefined,
      ...(this.opts.username && { username: this.opts.username }),
      ...(this.opts.password && { password: this.opts.password }),
      ...this.opts.tls,
      rejectUnauthorized: true,
    });
    this.client = client;
    client.on('connect', () => {
      this.setError(null);
      if (this.opts.filters.length === 0) {
        this.setState('connected');
        return;
      }
      client.subscribe(
        Object.fromEntries(this.opts.filters.map((f) => [f, { qos: this.opts.qos }])),
        (err, granted) => {
          // Connected once the broker has answered the subscription: a message sent before would be lost.
          this.setState('connected');
          if (err) {
            this.setError(err.message);
            this.log.error({ err }, 'subscribe failed');
            return;
          }
          const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
          if (refused.length > 0) {
            this.setError(`broker refused ${refused.join(', ')}`);
            this.log.error({ refused }, 'broker refused subscriptions (check its ACL)');
          } else {
            this.log.info({ filters: this.opts.filters }, 'subscribed');
          }
        },
      );
    });
    client.on('reconnect', () => {
      this.st.reconnects++;
      this.setState('reconnecting');
    });
    client.on('offline', () => this.setState('offline'));
    client.on('close', () => {
      if (this.st.state === 'connected') this.setState('offline');
    });
    client.on('error', (err) => {
      // MQTT.js keeps reconnecting after errors; the error is status, not a crash.
      if (this.st.lastError !== err.message)
        this.log.warn({ err: err.message, url: this.st.url }, 'broker connection error');
      this.setError(err.message);
    });
    client.on('message', (topic, payload) => {
      this.st.messages++;
      this.hooks.onMessage(topic, payload);
    });
    const pace = this.hooks.pace;
    if (pace) client.handleMessage = (_packet, callback) => pace(() => callback());
  }

  /** Publishes an answer to a device (QoS 0: a lost rebirth request is asked again on the next gap). */
  publish(topic: string, payload: Buffer): void {
    this.client?.publish(topic, payload, { qos: 0 });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true).catch(() => undefined);
    this.setState('stopped');
  }

  private setState(state: AdapterState): void {
    if (this.st.state === state) return;
    const previous = this.st.state;
    this.st.state = state;
    this.st.since = this.clock.now();
    if (state !== 'reconnecting' || previous !== 'offline')
      this.log.info({ state, url: this.st.url }, 'broker connection state');
    this.hooks.onState?.(state);
    this.hooks.onChange?.(this.status());
  }

  private setError(message: string | null): void {
    if (this.st.lastError === message) return;
    this.st.lastError = message;
    this.hooks.onChange?.(this.status());
  }
}
