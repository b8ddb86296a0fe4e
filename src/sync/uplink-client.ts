import { HttpTransport, readBody } from './http-transport.js';
import type { CentralWatermark } from './restore-anchor.js';
import {
  Ack,
  PROTOBUF_CONTENT_TYPE,
  Registration,
  SignedBatch,
  type WireAck,
  type WireRegistration,
} from './contract.js';

const count = (v: unknown, what: string): number => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`${what} is not a count`);
  return v as number;
};

function parseWatermark(j: Record<string, unknown>): CentralWatermark {
  const hash = String(j.highestHash ?? '');
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('highestHash is not 64 hex digits');
  if (!Array.isArray(j.missing)) throw new Error('missing is not a list');
  return {
    highestSeq: count(j.highestSeq, 'highestSeq'),
    highestHash: Buffer.from(hash, 'hex'),
    contiguousSeq: count(j.contiguousSeq, 'contiguousSeq'),
    missing: (j.missing as Array<Record<string, unknown>>).map((g) => ({
      from: count(g.from, 'missing.from'),
      to: count(g.to, 'missing.to'),
    })),
    missingComplete: j.missingComplete === true,
  };
}

export type UplinkErrorKind = 'unreachable' | 'server' | 'refused' | 'protocol';

/** A failed exchange, classified: unreachable and server errors are retried, refused ones need attention. */
export class UplinkError extends Error {
  constructor(
    readonly kind: UplinkErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** The records of the batch the central answered this to (a refused batch is narrowed down to them). */
    readonly seqs?: readonly number[],
  ) {
    super(message);
  }

  forBatch(seqs: readonly number[]): UplinkError {
    return new UplinkError(this.kind, this.message, this.status, this.code, seqs);
  }
}

interface Answer {
  status: number;
  body: Buffer;
}

async function post(transport: HttpTransport, url: URL, body: Uint8Array, timeoutMs: number): Promise<Answer> {
  try {
    const res = await transport.request(url, {
      method: 'POST',
      headers: { 'content-type': PROTOBUF_CONTENT_TYPE, accept: PROTOBUF_CONTENT_TYPE },
      body,
      timeoutMs,
    });
    return { status: res.statusCode ?? 0, body: await readBody(res) };
  } catch (err) {
    // A refused TLS peer (wrong CA, wrong pin) is retried like an outage: records wait in the outbox.
    throw new UplinkError('unreachable', (err as Error).message);
  }
}

const ok = (a: Answer) => a.status >= 200 && a.status < 300;

function fail(a: Answer): never {
  let code: string | undefined;
  try {
    code = (JSON.parse(a.body.toString('utf8')) as { error?: { code?: string } }).error?.code;
  } catch {
    // not a JSON error body: keep the status alone
  }
  throw new UplinkError(
    a.status >= 500 ? 'server' : 'refused',
    `central answered ${a.status}${code ? ` ${code}` : ''}`,
    a.status,
    code,
  );
}

/** HTTP client of the uplink protocol (sync/README.md). */
export class UplinkClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly base: URL,
    private readonly timeoutMs: number,
    transport?: HttpTransport,
  ) {
    this.transport = transport ?? new HttpTransport(base);
  }

  async register(registration: WireRegistration): Promise<void> {
    const res = await post(
      this.transport,
      new URL('v1/nodes', this.base),
      Registration.encode(registration),
      this.timeoutMs,
    );
    if (!ok(res)) fail(res);
  }

  async send(batch: Uint8Array, signature: Uint8Array, keyId: string): Promise<WireAck> {
    const res = await post(
      this.transport,
      new URL('v1/uplink', this.base),
      SignedBatch.encode({ batch, signature, keyId }),
      this.timeoutMs,
    );
    if (!ok(res)) fail(res);
    try {
      return Ack.decode(new Uint8Array(res.body));
    } catch (err) {
      // A cut connection can truncate the body: that is a lost acknowledgement, so retry.
      throw new UplinkError('unreachable', `acknowledgement unreadable: ${(err as Error).message}`);
    }
  }

  /** Where the central's copy of this node's chain stands (a signed read): asked once after a restore. */
  async watermark(nodeId: string, signed: (path: string) => Record<string, string>): Promise<CentralWatermark> {
    const url = new URL(`v1/nodes/${encodeURIComponent(nodeId)}/watermark`, this.base);
    let res: Answer;
    try {
      const r = await this.transport.request(url, {
        headers: { accept: 'application/json', ...signed(url.pathname) },
        timeoutMs: this.timeoutMs,
      });
      res = { status: r.statusCode ?? 0, body: await readBody(r) };
    } catch (err) {
      throw new UplinkError('unreachable', (err as Error).message);
    }
    if (!ok(res)) fail(res);
    try {
      return parseWatermark(JSON.parse(res.body.toString('utf8')));
    } catch (err) {
      throw new UplinkError('protocol', `watermark unreadable: ${(err as Error).message}`);
    }
  }

  /** True when the central answers its health probe. */
  async probe(): Promise<boolean> {
    try {
      const res = await this.transport.request(new URL('healthz', this.base), {
        timeoutMs: Math.min(this.timeoutMs, 2000),
      });
      await readBody(res);
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }
}
