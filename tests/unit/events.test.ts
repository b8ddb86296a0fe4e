import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events.js';

const quiet = pino({ level: 'silent' });

describe('event bus', () => {
  it('delivers an event to every listener, in the order they subscribed, synchronously', () => {
    const bus = new EventBus(quiet);
    const seen: string[] = [];
    bus.on('track-changed', 'a', (c) => seen.push(`a:${c.id}`));
    bus.on('track-changed', 'b', (c) => seen.push(`b:${c.id}`));
    bus.emit('track-changed', { id: 'vessel:1', removed: false });
    expect(seen).toEqual(['a:vessel:1', 'b:vessel:1']);
    expect(bus.listenerCount('track-changed')).toBe(2);
    expect(bus.listenerCount('credit-changed')).toBe(0);
  });

  it('isolates a listener that throws: the others still run, the emitter never sees it, and it is counted', () => {
    const failed: string[] = [];
    const bus = new EventBus(quiet, (event, owner) => failed.push(`${event}/${owner}`));
    const seen: number[] = [];
    bus.on('decisions-written', 'broken', () => {
      throw new Error('bug');
    });
    bus.on('decisions-written', 'uplink', (e) => seen.push(e.count));
    expect(() => bus.emit('decisions-written', { count: 3 })).not.toThrow();
    bus.emit('decisions-written', { count: 4 });
    expect(seen).toEqual([3, 4]);
    expect(failed).toEqual(['decisions-written/broken', 'decisions-written/broken']);
    expect(bus.failures.get('decisions-written|broken')).toBe(2);
  });

  it('unsubscribes one listener without disturbing an emit in progress', () => {
    const bus = new EventBus(quiet);
    const seen: string[] = [];
    let offB: () => void = () => undefined;
    bus.on('credit-changed', 'a', () => {
      seen.push('a');
      offB(); // b was subscribed when the emit began: it still hears this one
    });
    offB = bus.on('credit-changed', 'b', () => seen.push('b'));
    bus.emit('credit-changed', { version: 1 });
    bus.emit('credit-changed', { version: 2 });
    expect(seen).toEqual(['a', 'b', 'a']);
  });
});
