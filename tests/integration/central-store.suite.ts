import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { CentralStore } from '../../src/domain/central-store.js';
import { Receiver } from '../../src/central/receiver.js';
import { nodeReport } from '../../src/central/report.js';
import { nodeOutcomes } from '../../src/central/outcomes.js';
import { addNode, issueEnrolmentToken } from '../../src/central/node-admin.js';
import { recordHash } from '../../src/domain/record-chain.js';
import { rotationMessage, signBytes } from '../../src/sync/signing.js';
import { TestChain } from '../support/chain.js';
import { golden } from '../support/payloads.js';

const DAY = 86_400_000;

/** The receiver behaviour every central store must show: run against SQLite and PostgreSQL alike. */
export function centralStoreSuite(name: string, make: () => Promise<CentralStore>): void {
  describe(`reference central on ${name}`, () => {
    let store: CentralStore;
    let receiver: Receiver;
    const clock = new ManualClock(Date.parse('2026-11-25T02:00:00Z'));
    let n = 0;
    const chain = async () => {
      const c = new TestChain(`node-${name}-${++n}`, (n + 16).toString(16).padStart(2, '0').repeat(32));
      await receiver.register({ nodeId: c.nodeId, publicKey: c.publicRaw, name: 'test node' });
      return c;
    };

    beforeAll(async () => {
      store = await make();
      await store.init();
      receiver = new Receiver(store, clock, pino({ level: 'silent' }), { trustOnFirstUse: true });
    });
    afterAll(async () => {
      await store.close();
    });

    it('registers a node on first use and refuses a second key for the same id', async () => {
      const c = await chain();
      expect(await receiver.register({ nodeId: c.nodeId, publicKey: c.publicRaw, name: 'x' })).toBe('same');
      const other = new TestChain(c.nodeId, 'ee'.repeat(32));
      await expect(
        receiver.register({ nodeId: c.nodeId, publicKey: other.publicRaw, name: 'x' }),
      ).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_KEY_CONFLICT' });
    });

    it('keeps a cited photo once, resumed chunk by chunk, and counts it in the report', async () => {
      const photo = Buffer.from('photo bytes '.repeat(40));
      const sha = createHash('sha256').update(photo).digest('hex');
      const c = await chain();
      c.add({
        kind: 'inspection-photo',
        id: `insp-1:${sha}`,
        payload: golden('inspection-photo', { inspectionId: 'insp-1', sha256: sha }),
      });
      expect((await receiver.receive(c.signed(c.records))).rejected).toEqual([]);
      const { photos } = store;
      expect(await photos.cited(c.nodeId, sha)).toBe(true);
      expect(await photos.cited(c.nodeId, 'ab'.repeat(32))).toBe(false);
      expect(await photos.state(sha)).toEqual({ stored: false, received: 0 });
      const first = await photos.append(sha, 0, photo.subarray(0, 100), photo.length, 'image/png', clock.now());
      expect(first).toEqual({ received: 100, complete: null });
      // A resend of a chunk already held, or one past it, is refused: the node asks where to resume.
      expect(await photos.append(sha, 0, photo.subarray(0, 100), photo.length, 'image/png', clock.now())).toBeNull();
      expect(await photos.append(sha, 200, photo.subarray(200), photo.length, 'image/png', clock.now())).toBeNull();
      expect(await photos.state(sha)).toEqual({ stored: false, received: 100 });
      const rest = await photos.append(sha, 100, photo.subarray(100), photo.length, 'image/png', clock.now());
      expect(rest?.complete?.equals(photo)).toBe(true);
      await photos.finish(sha, 'image/png', rest?.complete ?? null, clock.now());
      expect(await photos.state(sha)).toEqual({ stored: true, received: 0 });
      expect((await photos.get(sha))?.data.equals(photo)).toBe(true);
      await photos.finish(sha, 'image/png', photo, clock.now()); // stored once, whoever sends it again
      expect((await nodeReport(store, c.nodeId, 480))?.photos).toEqual({ cited: 1, stored: 1, missing: 0 });
      const other = await chain();
      other.add({
        kind: 'inspection-photo',
        id: `insp-9:${'cd'.repeat(32)}`,
        payload: golden('inspection-photo', { inspectionId: 'insp-9', sha256: 'cd'.repeat(32) }),
      });
      await receiver.receive(other.signed(other.records));
      expect((await nodeReport(store, other.nodeId, 480))?.photos).toEqual({ cited: 1, stored: 0, missing: 1 });
    });

    it('stores a chain once however often it is resent, and verifies every link', async () => {
      const c = await chain();
      for (let i = 0; i < 5; i++) c.add();
      const first = await receiver.receive(c.signed(c.records));
      expect(first).toMatchObject({ highestContiguousSeq: 5, accepted: [1, 2, 3, 4, 5], rejected: [] });
      const again = await receiver.receive(c.signed(c.records.slice(2), 2));
      expect(again).toMatchObject({ highestContiguousSeq: 5, accepted: [3, 4, 5], rejected: [] });
      expect([...(await store.countByKey(c.nodeId)).values()]).toEqual([1, 1, 1, 1, 1]);
      const report = await nodeReport(store, c.nodeId, 480);
      expect(report).toMatchObject({
        records: 5,
        gaps: [],
        chain: { verified: true, pendingLinks: 0, brokenLinks: 0 },
      });
    });

    it('refuses a batch from an unknown node or with a bad signature', async () => {
      const stranger = new TestChain('never-registered');
      stranger.add();
      await expect(receiver.receive(stranger.signed(stranger.records))).rejects.toMatchObject({
        code: 'KAKOU_E_SYNC_UNKNOWN_NODE',
      });
      const c = await chain();
      c.add();
      const forger = new TestChain('x', 'ab'.repeat(32));
      await expect(receiver.receive(c.signed(c.records, 1, forger.privateKey))).rejects.toMatchObject({
        code: 'KAKOU_E_SYNC_SIGNATURE',
      });
      await expect(receiver.receive(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
        code: 'KAKOU_E_SYNC_BAD_BATCH',
      });
    });

    it('reports a deleted record as a gap, and closes it when the record arrives', async () => {
      const c = await chain();
      for (let i = 0; i < 6; i++) c.add();
      const withoutThree = c.records.filter((r) => r.seq !== 3);
      const ack = await receiver.receive(c.signed(withoutThree));
      expect(ack.highestContiguousSeq).toBe(2);
      let report = await nodeReport(store, c.nodeId, 480);
      expect(report?.gaps).toEqual([{ from: 3, to: 3 }]);
      expect(report?.chain).toMatchObject({ verified: false, pendingLinks: 1 });
      const fill = await receiver.receive(c.signed([c.records[2] as never], 2));
      expect(fill.highestContiguousSeq).toBe(6);
      report = await nodeReport(store, c.nodeId, 480);
      expect(report).toMatchObject({ gaps: [], chain: { verified: true } });
    });

    it('reports a record received more than 7 working days after it was created as late', async () => {
      const c = await chain();
      c.add({ createdAtMs: clock.now() - 12 * DAY });
      c.add({ createdAtMs: clock.now() - 2 * DAY });
      await receiver.receive(c.signed(c.records));
      const report = await nodeReport(store, c.nodeId, 480);
      expect(report?.late.count).toBe(1);
      expect(report?.late.records[0]?.seq).toBe(1);
    });

    it('rejects a tampered record and a record with an invalid payload, and stores the rest', async () => {
      const c = await chain();
      for (let i = 0; i < 4; i++) c.add();
      c.add({ payload: { id: 'x' } });
      const tampered = { ...c.records[1], prevHash: Buffer.alloc(32, 7) } as (typeof c.records)[number];
      const ack = await receiver.receive(
        c.signed([c.records[0], tampered, c.records[2], c.records[3], c.records[4]] as never),
      );
      expect(ack.accepted).toEqual([1, 3, 4]);
      expect(ack.rejected.map((r) => [r.seq, r.code])).toEqual([
        [2, 'KAKOU_E_SYNC_CHAIN'],
        [5, 'KAKOU_E_SYNC_PAYLOAD'],
      ]);
      const digestLie = { ...c.records[1], payload: Buffer.from('{"id":"forged"}') } as (typeof c.records)[number];
      const ack2 = await receiver.receive(c.signed([digestLie], 2));
      expect(ack2.rejected[0]?.code).toBe('KAKOU_E_SYNC_DIGEST');
      const ack3 = await receiver.receive(c.signed([c.records[1]] as never, 3));
      expect(ack3).toMatchObject({ accepted: [2], highestContiguousSeq: 4 });
    });

    it('enrols an unknown node only by an administrator or a one-time token, never by whoever speaks first', async () => {
      const strict = new Receiver(store, clock, pino({ level: 'silent' }));
      const c = new TestChain(`enrol-${name}`, '5a'.repeat(32));
      const reg = { nodeId: c.nodeId, publicKey: c.publicRaw, name: 'n' };
      await expect(strict.register(reg)).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_UNKNOWN_NODE' });
      const { token } = await issueEnrolmentToken(store, c.nodeId, clock.now());
      await expect(strict.register({ ...reg, enrolmentToken: 'not-the-token' })).rejects.toMatchObject({
        code: 'KAKOU_E_SYNC_UNKNOWN_NODE',
      });
      // A squatter holding another node's token cannot use it for its own key after the node enrolled.
      expect(await strict.register({ ...reg, enrolmentToken: token })).toBe('created');
      const squatter = new TestChain(c.nodeId, '6b'.repeat(32));
      await expect(
        strict.register({ nodeId: c.nodeId, publicKey: squatter.publicRaw, name: 's', enrolmentToken: token }),
      ).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_KEY_CONFLICT' });
      const other = new TestChain(`enrol-other-${name}`, '7c'.repeat(32));
      await expect(
        strict.register({ nodeId: other.nodeId, publicKey: other.publicRaw, name: 'o', enrolmentToken: token }),
      ).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_UNKNOWN_NODE' });
      expect(await addNode(store, other.nodeId, other.publicRaw.toString('hex'), 'o', clock.now())).toBe('created');
      expect(await strict.register({ nodeId: other.nodeId, publicKey: other.publicRaw, name: 'o' })).toBe('same');
    });

    it('hands a node over to a new key only with a rotation signed by the registered key', async () => {
      const c = await chain();
      c.add();
      await receiver.receive(c.signed(c.records));
      const next = new TestChain(c.nodeId, '8d'.repeat(32));
      const reg = { nodeId: c.nodeId, publicKey: next.publicRaw, name: 'n' };
      await expect(receiver.register(reg)).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_KEY_CONFLICT' });
      await expect(
        receiver.register({
          ...reg,
          rotationSignature: signBytes(next.privateKey, rotationMessage(c.nodeId, next.publicRaw)),
        }),
      ).rejects.toMatchObject({ code: 'KAKOU_E_SYNC_KEY_CONFLICT' });
      expect(
        await receiver.register({
          ...reg,
          rotationSignature: signBytes(c.privateKey, rotationMessage(c.nodeId, next.publicRaw)),
        }),
      ).toBe('rotated');
      // The chain goes on under the new key; the old key signs nothing more.
      c.add();
      await expect(receiver.receive(c.signed(c.records.slice(1)))).rejects.toMatchObject({
        code: 'KAKOU_E_SYNC_SIGNATURE',
      });
      expect(await receiver.receive(c.signed(c.records.slice(1), 2, next.privateKey))).toMatchObject({
        accepted: [2],
        highestContiguousSeq: 2,
      });
    });

    it('lets a node retire a record the central refused for good: the chain verifies through its tombstone, reported with the reason', async () => {
      const c = await chain();
      c.add();
      const bad = c.add({ payload: { id: 'incomplete' } });
      c.add();
      const first = await receiver.receive(c.signed(c.records));
      expect(first.rejected.map((r) => [r.seq, r.code])).toEqual([[2, 'KAKOU_E_SYNC_PAYLOAD']]);
      expect(first.highestContiguousSeq).toBe(1);
      const hash = recordHash({ ...bad, payloadSha256: bad.payloadSha256, prevHash: bad.prevHash });
      const tombstone = {
        ...bad,
        payload: Buffer.alloc(0),
        retired: true,
        retiredReason: 'KAKOU_E_SYNC_PAYLOAD: inspection.nodeId is missing',
        recordHash: hash,
      };
      // A tombstone whose hash is not the one its successor links to does not fit the chain.
      const wrong = await receiver.receive(c.signed([{ ...tombstone, recordHash: Buffer.alloc(32, 9) }], 2));
      expect(wrong.accepted).toEqual([2]);
      let report = await nodeReport(store, c.nodeId, 480);
      expect(report?.chain.verified).toBe(false);
      const d = await chain();
      d.add();
      const badD = d.add({ payload: { id: 'incomplete' } });
      d.add();
      await receiver.receive(d.signed(d.records));
      const ack = await receiver.receive(
        d.signed(
          [
            {
              ...badD,
              payload: Buffer.alloc(0),
              retired: true,
              retiredReason: 'KAKOU_E_SYNC_PAYLOAD: incomplete',
              recordHash: recordHash(badD),
            },
          ],
          2,
        ),
      );
      expect(ack).toMatchObject({ accepted: [2], rejected: [], highestContiguousSeq: 3 });
      report = await nodeReport(store, d.nodeId, 480);
      expect(report).toMatchObject({
        gaps: [],
        retired: [{ seq: 2, kind: 'inspection', reason: 'KAKOU_E_SYNC_PAYLOAD: incomplete' }],
        chain: { verified: true, pendingLinks: 0, brokenLinks: 0 },
      });
    });

    it('accepts evicted telemetry as a digest without payload, keeping the chain whole', async () => {
      const c = await chain();
      c.add();
      c.add({ kind: 'telemetry', lane: 2, payload: { speed: 12 }, evicted: true });
      c.add();
      const ack = await receiver.receive(c.signed(c.records));
      expect(ack.highestContiguousSeq).toBe(3);
      const report = await nodeReport(store, c.nodeId, 480);
      expect(report).toMatchObject({ evicted: 1, chain: { verified: true } });
      // The report counts records by kind.
      expect(report?.byKind).toEqual({ [c.records[0]?.kind as string]: 2, telemetry: 1 });
      expect(report?.dataQuality).toBeNull();
    });

    it('exports each standing inspection joined to the decision that listed its passage, as corrected, for refitting', async () => {
      const c = await chain();
      const decision = (passageId: string, at: string, tier: string, factors: unknown[], unpriced?: string[]) =>
        c.add({
          kind: 'decision',
          lane: 1,
          payload: golden('decision', {
            passageId,
            tier,
            decidedAt: at,
            factors,
            ...(unpriced && { unpriced }),
          }),
        });
      const inspection = (id: string, passageId: string, over: Record<string, unknown> = {}) =>
        c.add({ kind: 'inspection', lane: 0, payload: golden('inspection', { id, passageId, ...over }) });
      decision('p1', '2026-11-25T01:00:00.000Z', 'pass', [], ['CREDIT_GRADE_A', 'FLAG_NOT_WHITE']);
      decision(
        'p1',
        '2026-11-25T02:00:00.000Z',
        'must-inspect',
        [
          { code: 'PENALTIES_36M', points: 10, units: 2 },
          { code: 'WINDOW_OPEN', points: 0 },
        ],
        ['FLAG_NOT_WHITE'],
      );
      // Decided again after the boarding began: not the decision the officers worked from.
      decision('p1', '2026-11-25T03:00:00.000Z', 'may-inspect', [{ code: 'CREDIT_GRADE_C', points: 25 }]);
      decision(
        'p2',
        '2026-11-25T02:05:00.000Z',
        'random-sample',
        [{ code: 'DRAW_CONTROL', points: 0 }],
        ['CREDIT_GRADE_A'],
      );
      decision('p3', '2026-11-25T02:06:00.000Z', 'may-inspect', [{ code: 'ALARM_OVERSPEED', points: 20 }]);
      decision('p4', '2026-11-25T02:07:00.000Z', 'pass', []);
      inspection('i1', 'p1', {
        result: 'no-defects',
        action: 'release',
        defects: [],
        startedAt: '2026-11-25T02:11:30.000Z',
      });
      // Corrected: the defects were found after all.
      inspection('i1c', 'p1', { amends: 'i1', amendment: 'correction', reason: '补记缺陷', result: 'defects-found' });
      inspection('i2', 'p2', { result: 'no-defects', action: 'release', defects: [] });
      inspection('i3', 'p3');
      inspection('i3v', 'p3', { amends: 'i3', amendment: 'void', reason: '误录' });
      inspection('i4', 'p4', { result: 'not-inspected', action: 'release', defects: [] });
      expect((await receiver.receive(c.signed(c.records))).rejected).toEqual([]);

      const rows = await nodeOutcomes(store, c.nodeId);
      expect(rows.map((r) => [r.passageId, r.tier, r.result, r.violation, r.findings])).toEqual([
        [`${c.nodeId}/p1`, 'must-inspect', 'defects-found', true, ['PENALTIES_36M*2', 'FLAG_NOT_WHITE']],
        [`${c.nodeId}/p2`, 'random-sample', 'no-defects', false, ['CREDIT_GRADE_A']],
      ]);
      const pages = await store.page(c.nodeId, 'decision', 2, 2);
      expect(pages.map((p) => p.seq)).toEqual([3, 4]);
      expect(await nodeOutcomes(store, c.nodeId, Date.parse('2030-01-01T00:00:00Z'))).toEqual([]);
    });

    it("shows a node's latest daily data-quality record in its report", async () => {
      const c = await chain();
      for (const day of ['2026-12-02', '2026-12-03'])
        c.add({
          kind: 'data-quality',
          lane: 1,
          payload: golden('data-quality', { day, devices: [{ deviceId: `gw-${day}`, validShare: 0.97 }] }),
        });
      await receiver.receive(c.signed(c.records));
      const report = await nodeReport(store, c.nodeId, 480);
      expect(report?.byKind).toEqual({ 'data-quality': 2 });
      expect(report?.dataQuality).toMatchObject({ day: '2026-12-03', devices: [{ deviceId: 'gw-2026-12-03' }] });
    });
    it("keeps reviews of a node's inspection records, read back after a cursor, and reports the refusals not answered", async () => {
      const c = await chain();
      c.add({ id: 'insp-1', payload: golden('inspection', { id: 'insp-1' }) });
      c.add({ id: 'insp-2', payload: golden('inspection', { id: 'insp-2' }) });
      await receiver.receive(c.signed(c.records));
      const review = {
        nodeId: c.nodeId,
        idempotencyKey: `${c.nodeId}:inspection:insp-1`,
        reviewer: '省中心',
        atMs: clock.now(),
      };
      const first = await store.reviews.add({
        ...review,
        seq: 1,
        recordId: 'insp-1',
        outcome: 'refused',
        reason: '缺少照片',
      });
      const second = await store.reviews.add({
        ...review,
        seq: 2,
        recordId: 'insp-2',
        outcome: 'refused',
        reason: '处置不当',
      });
      await store.reviews.add({ ...review, seq: 2, recordId: 'insp-2', outcome: 'upheld', reason: '复核后维持原记录' });
      expect(second).toBeGreaterThan(first);
      expect((await store.reviews.after(c.nodeId, first, 10)).map((r) => [r.seq, r.outcome])).toEqual([
        [2, 'refused'],
        [2, 'upheld'],
      ]);
      expect(await store.reviews.after(`${c.nodeId}-other`, 0, 10)).toEqual([]);
      // The node answers the refusal of insp-1 with a correction: nothing is open any more.
      const report = async () => (await nodeReport(store, c.nodeId, 480))?.reviews;
      expect(await report()).toMatchObject({ refused: 2, upheld: 1, open: [{ seq: 1, recordId: 'insp-1' }] });
      c.add({
        id: 'insp-3',
        payload: golden('inspection', { id: 'insp-3', amends: 'insp-1', amendment: 'correction', reason: '补拍照片' }),
      });
      await receiver.receive(c.signed(c.records.slice(-1)));
      expect((await report())?.open).toEqual([]);
    });
  });
}
