import { createHash, randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode } from '../../src/central/node-admin.js';
import { Receiver } from '../../src/central/receiver.js';
import { systemClock } from '../../src/clock.js';
import { signedReadHeaders } from '../../src/sync/create-sync.js';
import { HttpTransport, readBody } from '../../src/sync/http-transport.js';
import { PhotoUplink } from '../../src/sync/photo-uplink.js';
import { TestChain } from '../support/chain.js';
import { startCentral, type TestCentral } from '../support/central.js';
import { truckAtGate } from '../support/messages.js';
import { importDemoSnapshot } from '../support/snapshots.js';
import { createTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { golden } from '../support/payloads.js';

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const png = (bytes: number) => Buffer.concat([PNG_HEAD, randomBytes(bytes)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let central: TestCentral;
beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await central?.close();
});

/** A node known to the central whose records cite `photos`, and the signed requests it can make. */
async function citingNode(nodeId: string, seed: string, photos: Buffer[]) {
  const chain = new TestChain(nodeId, seed);
  for (const [i, p] of photos.entries())
    chain.add({
      kind: 'inspection-photo',
      id: `insp-${i}:${sha(p)}`,
      payload: golden('inspection-photo', { inspectionId: `insp-${i}`, sha256: sha(p) }),
    });
  await addNode(central.store, nodeId, chain.publicRaw.toString('hex'), nodeId, Date.now());
  const receiver = new Receiver(central.store, systemClock, pino({ level: 'silent' }));
  expect((await receiver.receive(chain.signed(chain.records))).rejected).toEqual([]);
  const key = { privateKey: chain.privateKey, publicRaw: chain.publicRaw, keyId: chain.keyId };
  const signed = signedReadHeaders(nodeId, key, systemClock);
  const put = (photo: Buffer, name: string, offset: number, part: Buffer) =>
    fetch(new URL(`v1/photos/${name}`, central.url), {
      method: 'PUT',
      headers: {
        ...signed(`/v1/photos/${name}`),
        'content-type': 'image/png',
        'upload-offset': String(offset),
        'upload-length': String(photo.length),
      },
      body: new Uint8Array(part),
    });
  return { signed, put };
}

function uplink(signed: (path: string) => Record<string, string>, photos: Buffer[]) {
  const sent = new Set<string>();
  const u = new PhotoUplink({
    pending: () =>
      photos.filter((p) => !sent.has(sha(p))).map((p, i) => ({ sha256: sha(p), inspectionId: `insp-${i}` })),
    sent: (s) => sent.add(s),
    read: (_i, s) => {
      const p = photos.find((x) => sha(x) === s);
      return p ? { contentType: 'image/png', data: p } : null;
    },
    transport: new HttpTransport(new URL(central.url)),
    base: new URL(central.url),
    signed,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    timeoutMs: 5000,
    chunkBytes: 64 * 1024,
  });
  return { u, sent };
}

describe('photos to the central', () => {
  it('takes only photos the sender cites, resumes an interrupted upload where the central stopped, and keeps one copy', async () => {
    const photo = png(300 * 1024);
    const node = await citingNode('node-photo-1', '31'.repeat(32), [photo]);
    const stray = png(10);
    const refused = await node.put(stray, sha(stray), 0, stray);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('KAKOU_E_SYNC_PHOTO_UNCITED');

    // An upload cut off after its first 100 KiB: the central holds those bytes.
    const first = await node.put(photo, sha(photo), 0, photo.subarray(0, 100 * 1024));
    expect(await first.json()).toEqual({ stored: false, received: 100 * 1024 });
    const wrongPlace = await node.put(photo, sha(photo), 0, photo.subarray(0, 10));
    expect(((await wrongPlace.json()) as { error: { code: string } }).error.code).toBe('KAKOU_E_SYNC_PHOTO_OFFSET');

    const { u, sent } = uplink(node.signed, [photo]);
    u.start();
    await until(() => sent.size === 1);
    await u.stop();
    // Only what the central did not hold yet, chunk by chunk.
    expect(u.sentChunks).toBe(Math.ceil((photo.length - 100 * 1024) / (64 * 1024)));
    expect((await central.store.photos.get(sha(photo)))?.data.equals(photo)).toBe(true);

    // Another node citing the same photo finds it held: nothing is sent twice.
    const second = await citingNode('node-photo-2', '32'.repeat(32), [photo]);
    const again = uplink(second.signed, [photo]);
    again.u.start();
    await until(() => again.sent.size === 1);
    await again.u.stop();
    expect(again.u.sentChunks).toBe(0);
    expect(await central.report('node-photo-2')).toMatchObject({ photos: { cited: 1, stored: 1, missing: 0 } });

    // Bytes that do not hash to the name are dropped, and the upload starts over.
    const bad = png(1000);
    const liar = await citingNode('node-photo-3', '33'.repeat(32), [bad]);
    const forged = await liar.put(bad, sha(bad), 0, png(1000));
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('KAKOU_E_SYNC_DIGEST');
    expect(await central.store.photos.state(sha(bad))).toEqual({ stored: false, received: 0 });

    // The central's administrator reads a stored photo back.
    const read = await new HttpTransport(new URL(central.url)).request(
      new URL(`v1/photos/${sha(photo)}`, central.url),
      {
        headers: { authorization: 'Bearer test-token', accept: 'image/png' },
        timeoutMs: 5000,
      },
    );
    expect((await readBody(read)).equals(photo)).toBe(true);
  });

  it('sends a node\u2019s photos after the records citing them, in their own lane', async () => {
    const t = await createTestApp({
      node: { id: 'node-photo-app' },
      mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
      sync: { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20, requestTimeoutMs: 2000 },
    });
    try {
      await importDemoSnapshot(t.app);
      t.app.ingest.accept(truckAtGate('013800000105', '浙F3A105'));
      t.app.targets.flush();
      await t.app.start();
      const cookie = await t.login('officer');
      const inject = (url: string, payload: object) =>
        t.app.web.app.inject({ method: 'POST', url, headers: { cookie }, payload });
      const rec = await inject('/api/v1/inspections', {
        targetId: 'vehicle:浙F3A105',
        result: 'defects-found',
        action: 'warning',
        defects: [],
      });
      const id = rec.json().inspection.id as string;
      const photo = png(400 * 1024);
      const added = await inject(`/api/v1/inspections/${id}/photos`, {
        contentType: 'image/png',
        dataBase64: photo.toString('base64'),
      });
      expect(added.statusCode).toBe(201);
      await until(async () => ((await central.store.photos.state(sha(photo))).stored ? true : undefined), 15_000);
      expect((await central.store.photos.get(sha(photo)))?.data.equals(photo)).toBe(true);
      expect(await central.report('node-photo-app')).toMatchObject({ photos: { cited: 1, stored: 1, missing: 0 } });
    } finally {
      await t.close();
    }
  });
});
