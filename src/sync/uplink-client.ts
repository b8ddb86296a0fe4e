import { Ack, PROTOBUF_CONTENT_TYPE, Registration, SignedBatch, type WireAck } from './contract.js';

export type UplinkErrorKind = 'unreachable' | 'server' | 'refused' | 'protocol';

/** A failed exchange, classified: unreachable and server errors are retried, refused ones need attention. */
export class UplinkError extends Error {
  constructor(readonly kind: UplinkErrorKind, message: string, readonly status?: number, readonly code?: string) {
    super(message);
  }
}

async function post(url: URL, body: Uint8Array, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': PROTOBUF_CONTENT_TYPE, accept: PROTOBUF_CONTENT_TYPE },
      // Buffer.from copies into a plain ArrayBuffer-backed view, which fetch's types require.
      body: Buffer.from(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new UplinkError('unreachable', (err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message);
  }
}

async function fail(res: Response): Promise<never> {
  const text = await res.text().catch(() => '');
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    // not a JSON error body: keep the status alone
  }
  throw new UplinkError(res.status >= 500 ? 'server' : 'refused', `central answered ${res.status}${code ? ` ${code}` : ''}`, res.status, code);
}

/** HTTP client of the uplink protocol (sync/README.md). */
export class UplinkClient {
  constructor(private readonly base: URL, private readonly timeoutMs: number) {}

  async register(nodeId: string, publicKey: Uint8Array, name: string): Promise<void> {
    const res = await post(new URL('v1/nodes', this.base), Registration.encode({ nodeId, publicKey, name }), this.timeoutMs);
    if (!res.ok) await fail(res);
    await res.arrayBuffer();
  }

  async send(batch: Uint8Array, signature: Uint8Array, keyId: string): Promise<WireAck> {
    const res = await post(new URL('v1/uplink', this.base), SignedBatch.encode({ batch, signature, keyId }), this.timeoutMs);
    if (!res.ok) await fail(res);
    try {
      return Ack.decode(new Uint8Array(await res.arrayBuffer()));
    } catch (err) {
      // A cut connection can truncate the body: that is a lost acknowledgement, so retry.
      throw new UplinkError('unreachable', `acknowledgement unreadable: ${(err as Error).message}`);
    }
  }

  /** True when the central answers its health probe. */
  async probe(): Promise<boolean> {
    try {
      const res = await fetch(new URL('healthz', this.base), { signal: AbortSignal.timeout(Math.min(this.timeoutMs, 2000)) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }
}
