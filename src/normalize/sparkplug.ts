import { join } from 'node:path';
import protobuf from 'protobufjs';
import { DEFAULT_PROFILE_DIR } from '../paths.js';

/** A Sparkplug B topic: spBv1.0/<group>/<message type>/<edge node>[/<device>]. */
export interface SparkplugTopic {
  group: string;
  type: string;
  edge: string;
  device: string | null;
}

export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const p = topic.split('/');
  if (p[0] !== 'spBv1.0' || p.length < 4 || p.length > 5 || p.some((x) => x === '')) return null;
  return { group: p[1] as string, type: p[2] as string, edge: p[3] as string, device: p[4] ?? null };
}

const root = new protobuf.Root().loadSync(join(DEFAULT_PROFILE_DIR, 'proto', 'sparkplug_b.proto'), { keepCase: true });
const Payload = root.lookupType('org.eclipse.tahu.protobuf.Payload');

interface Metric {
  name?: string;
  alias?: number;
  is_null?: boolean;
  int_value?: number;
  long_value?: number;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
}
interface DecodedPayload {
  timestamp?: number;
  metrics?: Metric[];
  seq?: number;
}

export function decodeSparkplug(payload: Buffer): DecodedPayload {
  return Payload.toObject(Payload.decode(payload), { longs: Number, defaults: false }) as DecodedPayload;
}

export function encodeSparkplug(p: {
  timestamp: number;
  seq?: number;
  metrics: Array<{ name?: string; alias?: number; datatype: number } & Partial<Metric>>;
}): Buffer {
  return Buffer.from(Payload.encode(Payload.fromObject(p)).finish());
}

function value(m: Metric): unknown {
  if (m.is_null) return null;
  return m.double_value ?? m.float_value ?? m.long_value ?? m.int_value ?? m.boolean_value ?? m.string_value;
}

interface EdgeNode {
  /** The sequence number expected next; null until a birth certificate is seen. */
  nextSeq: number | null;
  aliases: Map<number, string>;
  /** Last known metric values per device ('' for the node itself). */
  values: Map<string, Record<string, unknown>>;
  online: boolean;
  awaitingRebirth: boolean;
}

export interface SparkplugOutcome {
  /** Device states updated by this message: metric name to last value, per device. */
  updates: Array<{ device: string; body: Record<string, unknown>; timestamp: number | null }>;
  /** A rebirth request to publish (a sequence gap or data before birth). */
  rebirth: { topic: string; payload: Buffer } | null;
  /** Why the message was not used, if it was not. */
  problem: string | null;
  /** A death certificate: these devices are offline now. */
  offline: string[];
}

/**
 * Sparkplug B state per edge node: births bind metric aliases to names, data messages update
 * the last values by alias, every message after a birth must carry the next sequence number
 * (0-255, wrapping). A gap, or data from a node whose birth was missed, asks the node to rebirth
 * (NCMD "Node Control/Rebirth") rather than guess at aliases. Bounded by maxNodes.
 */
export class SparkplugState {
  private readonly nodes = new Map<string, EdgeNode>();

  constructor(private readonly maxNodes = 1000) {}

  handle(topic: SparkplugTopic, payload: DecodedPayload, now: number): SparkplugOutcome {
    const key = `${topic.group}/${topic.edge}`;
    let node = this.nodes.get(key);
    const out: SparkplugOutcome = { updates: [], rebirth: null, problem: null, offline: [] };
    if (!['NBIRTH', 'DBIRTH', 'NDATA', 'DDATA', 'NDEATH', 'DDEATH'].includes(topic.type)) {
      out.problem = `message type ${topic.type} is not read`;
      return out;
    }
    if (topic.type === 'NBIRTH') {
      if (!node && this.nodes.size >= this.maxNodes) this.nodes.delete(this.nodes.keys().next().value as string);
      node = { nextSeq: null, aliases: new Map(), values: new Map(), online: true, awaitingRebirth: false };
      this.nodes.set(key, node);
    }
    if (topic.type === 'NDEATH') {
      // A death certificate carries bdSeq, not seq: it ends the session whatever the sequence.
      if (node) {
        node.online = false;
        node.nextSeq = null;
        out.offline = [...new Set([topic.edge, ...[...node.values.keys()].map((d) => d || topic.edge)])];
      }
      return out;
    }
    if (!node) {
      if (this.nodes.size >= this.maxNodes) this.nodes.delete(this.nodes.keys().next().value as string);
      node = { nextSeq: null, aliases: new Map(), values: new Map(), online: false, awaitingRebirth: false };
      this.nodes.set(key, node);
    }
    if (node.nextSeq === null && topic.type !== 'NBIRTH') {
      out.problem = "data before the node's birth certificate";
      out.rebirth = this.rebirthOnce(topic, node, now);
      return out;
    }
    const seq = payload.seq ?? null;
    if (topic.type !== 'NBIRTH' && seq !== node.nextSeq) {
      out.problem = `sequence ${seq} where ${node.nextSeq} was due`;
      node.nextSeq = null;
      out.rebirth = this.rebirthOnce(topic, node, now);
      return out;
    }
    node.nextSeq = ((seq ?? 0) + 1) % 256;
    node.awaitingRebirth = false;
    const device = topic.device ?? '';
    if (topic.type === 'DDEATH') {
      out.offline = [topic.device ?? topic.edge];
      return out;
    }
    const body = { ...(node.values.get(device) ?? {}) };
    for (const m of payload.metrics ?? []) {
      if (m.name && m.alias !== undefined && topic.type.endsWith('BIRTH')) node.aliases.set(m.alias, m.name);
      const name = m.name ?? (m.alias !== undefined ? node.aliases.get(m.alias) : undefined);
      if (name) body[name] = value(m);
    }
    node.values.set(device, body);
    out.updates.push({ device: topic.device ?? topic.edge, body, timestamp: payload.timestamp ?? null });
    return out;
  }

  private rebirthOnce(topic: SparkplugTopic, node: EdgeNode | undefined, now: number): SparkplugOutcome['rebirth'] {
    if (node?.awaitingRebirth) return null;
    if (node) node.awaitingRebirth = true;
    return {
      topic: `spBv1.0/${topic.group}/NCMD/${topic.edge}`,
      payload: encodeSparkplug({
        timestamp: now,
        metrics: [{ name: 'Node Control/Rebirth', datatype: 11, boolean_value: true }],
      }),
    };
  }
}
