import Fastify, { type FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Ack, PROTOBUF_CONTENT_TYPE, Registration, SUPPORTED_PROTOCOL_VERSIONS } from '../sync/contract.js';
import { installErrorHandling } from '../http/error-handling.js';
import { fastifyOptions } from '../http/fastify-options.js';
import type { CentralStore } from '../domain/central-store.js';
import { Receiver } from './receiver.js';
import { decodeHeader, frameBody, frames } from '../snapshot/format.js';
import { nodeReport } from './report.js';
import { adminNodeRoutes, signedByNode } from './node-admin.js';
import { photoRoutes } from './photo-routes.js';
import { watermarkRoute } from './watermark-route.js';
import { nodeLifecycleRoutes } from './node-lifecycle.js';
import { reviewRoutes } from './reviews.js';
import type { WorkCalendar } from './working-days.js';

export interface CentralOptions {
  store: CentralStore;
  clock: Clock;
  log: Logger;
  /** Bearer token for the read routes (reports, records). */
  adminToken: string;
  /** Snapshot file served at GET /v1/snapshot, if any. */
  snapshotFile?: string;
  /** Signed policy (kakou policy sign) served at GET /v1/policy, if any. */
  policyFile?: string;
  utcOffsetMinutes: number;
  /** Public holidays and make-up working days for the lateness rule (sync/calendars/). */
  calendar?: WorkCalendar;
  /** Register unknown node ids with the first key they present (a lab only; off by default). */
  trustOnFirstUse?: boolean;
  /** Serve over HTTPS; with `ca`, only nodes with a client certificate from that CA get through (mutual TLS). */
  https?: { cert: Buffer; key: Buffer; ca?: Buffer };
}

/** The version in a signed snapshot file's header (its first frame), without reading the rest. */
async function snapshotVersion(file: string): Promise<number> {
  for await (const f of frames(createReadStream(file, { highWaterMark: 64 * 1024 })))
    return decodeHeader(frameBody(f)).version;
  throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `${file} has no header`);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The reference central receiver's HTTP app (not listening; the CLI or a test listens). */
export async function buildCentral(opts: CentralOptions): Promise<FastifyInstance> {
  const https = opts.https && { ...opts.https, ...(opts.https.ca && { requestCert: true, rejectUnauthorized: true }) };
  // Over HTTPS fastify types the server as https.Server; routes and inject() do not care which.
  const app = Fastify(
    fastifyOptions(opts.log.child({ module: 'central' }), 64 * 1024 * 1024, https),
  ) as unknown as FastifyInstance;
  installErrorHandling(app);
  app.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const receiver = new Receiver(opts.store, opts.clock, opts.log.child({ module: 'receiver' }), {
    trustOnFirstUse: opts.trustOnFirstUse === true,
  });
  const isAdmin = (req: { headers: Record<string, unknown> }) => {
    const given = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    return timingSafeEqual(digest(given), digest(opts.adminToken));
  };
  const admin = async (req: { headers: Record<string, unknown> }) => {
    if (!isAdmin(req))
      throw new KakouError('KAKOU_E_AUTH_REQUIRED', undefined, ['send Authorization: Bearer <central admin token>']);
  };
  const nodeOrAdmin = async (req: { headers: Record<string, unknown>; url: string }) => {
    if (isAdmin(req) || (await signedByNode(opts.store, req, opts.clock.now()))) return;
    throw new KakouError('KAKOU_E_AUTH_REQUIRED', undefined, [
      'send the admin token, or sign the request with a registered node key (sync/README.md, "Reading from the central")',
    ]);
  };

  const node = async (req: { headers: Record<string, unknown>; url: string }) => {
    if (await signedByNode(opts.store, req, opts.clock.now())) return;
    throw new KakouError('KAKOU_E_AUTH_REQUIRED', undefined, ['sign the request with a registered node key']);
  };
  photoRoutes(app, { store: opts.store, clock: opts.clock, node, nodeOrAdmin, admin });
  watermarkRoute(app, { store: opts.store, nodeOrAdmin });
  reviewRoutes(app, { store: opts.store, clock: opts.clock, admin, nodeOrAdmin });

  // Nodes probe this while they back off and resume the moment it says uplink is accepted: so it
  // answers 200 only when the store answers too (one indexed lookup).
  app.get('/healthz', async (_req, reply) => {
    try {
      await opts.store.node('healthz-probe');
      return { status: 'alive', store: opts.store.kind, uplink: 'accepting' };
    } catch {
      return reply.status(503).send({ status: 'degraded', store: opts.store.kind, uplink: 'unavailable' });
    }
  });

  app.post('/v1/nodes', async (req, reply) => {
    let reg;
    try {
      reg = Registration.decode(req.body as Buffer);
    } catch (err) {
      throw new KakouError('KAKOU_E_SYNC_BAD_BATCH', 'registration is not a Registration message', [
        (err as Error).message,
      ]);
    }
    const outcome = await receiver.register(reg);
    return reply
      .status(outcome === 'created' ? 201 : 200)
      .send({ nodeId: reg.nodeId, outcome, protocolVersions: SUPPORTED_PROTOCOL_VERSIONS });
  });

  adminNodeRoutes(app, { store: opts.store, clock: opts.clock, admin });
  nodeLifecycleRoutes(app, { store: opts.store, clock: opts.clock, admin });

  app.post('/v1/uplink', async (req, reply) => {
    const ack = await receiver.receive(req.body as Buffer);
    return reply.type(PROTOBUF_CONTENT_TYPE).send(Buffer.from(Ack.encode(ack)));
  });

  app.get('/v1/nodes', { preHandler: admin }, async () => ({
    nodes: (await opts.store.nodes()).map((n) => ({
      nodeId: n.nodeId,
      name: n.name,
      registeredAt: new Date(n.registeredAtMs).toISOString(),
      highestContiguousSeq: n.contiguous,
    })),
  }));

  app.get<{ Params: { id: string } }>('/v1/nodes/:id/report', { preHandler: admin }, async (req) => {
    const report = await nodeReport(opts.store, req.params.id, opts.utcOffsetMinutes, opts.calendar);
    if (!report) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`node ${req.params.id}`]);
    return report;
  });

  app.get<{ Params: { id: string; seq: string } }>('/v1/nodes/:id/records/:seq', { preHandler: admin }, async (req) => {
    const r = await opts.store.record(req.params.id, Number(req.params.seq));
    if (!r) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, [`record ${req.params.id}/${req.params.seq}`]);
    return {
      ...r,
      payload: r.payload ? (JSON.parse(r.payload) as unknown) : null,
      payloadSha256: r.payloadSha256.toString('hex'),
      prevHash: r.prevHash.toString('hex'),
      hash: r.hash.toString('hex'),
    };
  });

  app.get('/v1/snapshot', { preHandler: nodeOrAdmin }, async (req, reply) => {
    if (!opts.snapshotFile)
      throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, ['this central serves no snapshot']);
    const etag = `"${await snapshotVersion(opts.snapshotFile)}"`;
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('etag', etag).type('application/octet-stream').send(createReadStream(opts.snapshotFile));
  });

  app.get('/v1/policy', { preHandler: nodeOrAdmin }, async (req, reply) => {
    if (!opts.policyFile) throw new KakouError('KAKOU_E_API_NOT_FOUND', undefined, ['this central serves no policy']);
    const text = await readFile(opts.policyFile, 'utf8');
    const etag = `"${(JSON.parse(text) as { serial?: unknown }).serial}"`;
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('etag', etag).type('application/json').send(text);
  });

  return app;
}
