import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Storage } from '../../src/storage/storage.js';

describe('dead letters and their tombstones in the outbox', () => {
  it('retires a dead letter once, keeps its record, and puts it back before an administrator if the tombstone is refused too', () => {
    const storage = new Storage(':memory:', 1000, pino({ level: 'silent' }));
    try {
      const { seq, hash } = storage.outbox.append({
        kind: 'inspection',
        idempotencyKey: 'n:inspection:x',
        lane: 0,
        payload: '{"id":"x"}',
        createdAtMs: 1,
      });
      storage.outbox.deadLetter(seq, 'KAKOU_E_SYNC_PAYLOAD', 'inspection.nodeId is missing', 2);
      expect(storage.outbox.retireDeadLetter(seq, 'KAKOU_E_SYNC_PAYLOAD: inspection.nodeId is missing', 3)).toBe(true);
      expect(storage.outbox.retireDeadLetter(seq, 'again', 4)).toBe(false);
      const [tombstone] = storage.outbox.peek(10);
      expect(tombstone).toMatchObject({
        seq,
        retired: true,
        payload: '',
        retiredReason: expect.stringContaining('PAYLOAD'),
      });
      expect(tombstone?.hash.equals(hash)).toBe(true);
      expect(storage.outbox.deadLetters(10, true)).toEqual([]);
      expect(storage.outbox.retryDeadLetter(seq)).toBe(false);

      storage.outbox.tombstoneRefused(seq, 'KAKOU_E_SYNC_CONFLICT', 'a different record is stored', 5);
      expect(storage.outbox.count()).toBe(0);
      expect(storage.outbox.deadLetters(10, true)).toMatchObject([
        { seq, code: 'KAKOU_E_SYNC_CONFLICT', payload: '{"id":"x"}', retiredAtMs: null },
      ]);
    } finally {
      storage.close();
    }
  });
});
