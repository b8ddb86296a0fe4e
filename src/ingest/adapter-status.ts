/** The connection state every input adapter reports to /readyz, /metrics and the terminal. */
export type AdapterState = 'connecting' | 'connected' | 'listening' | 'reconnecting' | 'offline' | 'stopped';

export interface AdapterStatus {
  name: string;
  kind: 'mqtt' | 'tcp' | 'udp' | 'opcua';
  /** Where it connects or listens, without credentials. */
  url: string;
  state: AdapterState;
  since: number;
  lastError: string | null;
  messages: number;
  reconnects: number;
  /** MQTT only: the filters subscribed to. */
  subscriptions?: string[];
  /** MQTT only: the thread its messages are decoded on (mqtt.decodeThread). */
  thread?: 'main' | 'worker';
  /** OPC UA only: each tag's last status (Good, BadNodeIdUnknown, ...). */
  tags?: Record<string, string>;
  /** OPC UA only: the session's message security mode and policy, and how the server certificate is trusted. */
  security?: { mode: string; policy: string; serverCertificate: 'pinned' | 'trust list' | 'any (lab)' };
}

/** Up means data can arrive: connected for clients, listening for a UDP socket. */
export const isUp = (s: AdapterStatus) => s.state === 'connected' || s.state === 'listening';
