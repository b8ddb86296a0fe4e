import { HttpTransport, readBody } from './http-transport.js';
import {
  Ack,
  PROTOBUF_CONTENT_TYPE,
  Registration,
  SignedBatch,
  type WireAck,
  type WireRegistration,
} from './contract.js';

export type UplinkErrorKind = 'unreachable' | 'server' | 'refused' | 'protocol';

/** A failed exchange, classified: unreachable and server errors are retried, refused ones need attention. */
export class UplinkError extends Error {
  constructor(
    readonly kind: UplinkErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
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
