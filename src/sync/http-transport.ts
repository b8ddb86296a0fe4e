import { X509Certificate } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { spkiPin, type TlsMaterial } from '../config/tls-files.js';

export interface TransportOptions {
  /** A CA for a central without a public certificate, and a client certificate for mutual TLS. */
  tls?: TlsMaterial;
  /** Base64 SHA-256 of the central's public key: any other key is refused, whoever signed it. */
  pinSha256?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

/**
 * HTTP(S) to the central, on node:https rather than fetch because the uplink must choose whom it
 * trusts: a site CA, a pinned key, a client certificate. One keep-alive agent per transport.
 */
export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly secure: boolean;

  constructor(
    base: URL,
    private readonly opts: TransportOptions = {},
  ) {
    this.secure = base.protocol === 'https:';
    const pin = opts.pinSha256;
    this.agent = this.secure
      ? new https.Agent({
          keepAlive: true,
          ...opts.tls,
          ...(pin && {
            checkServerIdentity: (host: string, cert: PeerCertificate) => {
              const wrong = checkServerIdentity(host, cert);
              if (wrong) return wrong;
              const got = spkiPin(new X509Certificate(cert.raw));
              return got === pin ? undefined : new Error(`the central's key ${got} is not the pinned sync.pinSha256`);
            },
          }),
        })
      : new http.Agent({ keepAlive: true });
  }

  /** The response with its body unread: the caller streams it or reads it whole. */
  request(url: URL, o: RequestOptions): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = (this.secure ? https : http).request(
        url,
        {
          method: o.method ?? 'GET',
          agent: this.agent,
          headers: { ...o.headers, ...(o.body && { 'content-length': String(o.body.length) }) },
          signal: AbortSignal.timeout(o.timeoutMs),
        },
        resolve,
      );
      req.once('error', reject);
      req.end(o.body ? Buffer.from(o.body.buffer, o.body.byteOffset, o.body.byteLength) : undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Reads a whole response body. */
export async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
