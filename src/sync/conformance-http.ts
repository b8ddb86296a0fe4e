import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { systemClock } from '../clock.js';
import { Ack, PROTOBUF_CONTENT_TYPE, type WireAck } from './contract.js';

/** A central's answer as the conformance checks read it: the status, its Kakou code, JSON or an Ack. */
export interface Answer {
  status: number;
  code: string | null;
  json: Record<string, unknown> | null;
  ack: WireAck | null;
}

/** One request to the central; a connection closed instead of an answer is status 0 with the reason as its code. */
export async function centralCall(
  base: URL,
  method: string,
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { ...(body && { 'content-type': PROTOBUF_CONTENT_TYPE }), ...headers },
      ...(body && { body: Buffer.from(body) }),
    });
  } catch (err) {
    // A central that closes the connection instead of answering: status 0, the reason as the code.
    return { status: 0, code: (err as Error).message, json: null, ack: null } satisfies Answer;
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  const out: Answer = { status: res.status, code: null, json: null, ack: null };
  if ((res.headers.get('content-type') ?? '').includes('protobuf')) out.ack = Ack.decode(new Uint8Array(bytes));
  else {
    try {
      out.json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      out.code = ((out.json.error as { code?: string } | undefined)?.code ?? null) || null;
    } catch {
      // not JSON: the status alone is checked
    }
  }
  return out;
}

/**
 * A POST declaring a body larger than a central takes: the headers and the first chunk go out, and
 * the central must answer from the declared length (413) without waiting for the rest. Sending it
 * all would race the central closing the connection after its answer. No answer in `waitMs` is
 * status 0.
 */
export function postOversized(base: URL, body: Uint8Array, waitMs = 10_000): Promise<Answer> {
  const url = new URL('v1/uplink', base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Answer) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      req.destroy();
      resolve(a);
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: 'POST', headers: { 'content-type': PROTOBUF_CONTENT_TYPE, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => undefined);
        res.on('end', () => {
          let code: string | null = null;
          try {
            code =
              (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string } }).error?.code ?? null;
          } catch {
            // not JSON: the status alone is checked
          }
          done({ status: res.statusCode ?? 0, code, json: null, ack: null });
        });
      },
    );
    const timer = systemClock.after(waitMs, () =>
      done({ status: 0, code: `no answer within ${waitMs} ms`, json: null, ack: null }),
    );
    req.on('error', (err) => done({ status: 0, code: err.message, json: null, ack: null }));
    req.write(Buffer.from(body.subarray(0, 64 * 1024)));
  });
}
