import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AisDecoder, type LineSink } from '../../src/normalize/ais/ais-decoder.js';
import { JsonBytes } from '../../src/normalize/ais/json-bytes.js';
import { writeAisJson } from '../../src/normalize/ais/json-direct.js';
import { formatSentence } from '../../src/normalize/nmea/sentence.js';
import { prng } from '../../src/domain/prng.js';

const POOL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ais', 'bench-pool.nmea'), 'latin1')
  .split('\n')
  .filter(Boolean);
const ALPHABET = '!\\$,*0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw \t\r\u0000\u00ff-';

/**
 * Inputs that exercise every rejection path: real sentences with bytes flipped, inserted or cut
 * (half of them re-checksummed so they reach the decoder proper), sentences glued together, and noise.
 */
export function* fuzzInputs(n: number, seed: number): Generator<string> {
  const r = prng(seed);
  const pick = (s: string) => s[Math.floor(r() * s.length)] as string;
  for (let i = 0; i < n; i++) {
    const base = POOL[Math.floor(r() * POOL.length)] as string;
    const mode = r();
    if (mode < 0.1) {
      yield Array.from({ length: Math.floor(r() * 120) }, () => pick(ALPHABET)).join('');
      continue;
    }
    if (mode < 0.15) {
      yield base + pick(ALPHABET) + (POOL[Math.floor(r() * POOL.length)] as string);
      continue;
    }
    let s = base;
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
      const at = Math.floor(r() * s.length);
      const op = r();
      s =
        op < 0.4
          ? s.slice(0, at) + pick(ALPHABET) + s.slice(at + 1)
          : op < 0.7
            ? s.slice(0, at) + pick(ALPHABET) + s.slice(at)
            : s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
    }
    const star = s.lastIndexOf('*');
    yield r() < 0.5 && s.startsWith('!') && star > 1 ? formatSentence(s.slice(1, star)) : s;
  }
}

/**
 * Feeds inputs to two decoders: one decoding every message into an object, one handing messages to
 * the JSON writer of `kakou ais decode` first. Returns how many messages and rejects came out;
 * throws if either decoder does, or if the two disagree on what is a message.
 */
export function runFuzz(inputs: Iterable<string>): {
  inputs: number;
  messages: number;
  rejects: number;
  pending: number;
} {
  const d = new AisDecoder({ timeoutMs: 10_000, maxPending: 256 });
  const viaBits = new AisDecoder({ timeoutMs: 10_000, maxPending: 256 });
  let inputsSeen = 0;
  let messages = 0;
  let rejects = 0;
  let written = 0;
  const sink = {
    message: () => {
      messages++;
    },
    reject: () => {
      rejects++;
    },
  };
  const json = new JsonBytes((chunk, done) => {
    written += chunk.length;
    done();
  });
  let directMessages = 0;
  let directRejects = 0;
  const direct: LineSink = {
    message: () => {
      directMessages++;
    },
    reject: () => {
      directRejects++;
    },
    bits: (b) => {
      if (!writeAisJson(json, b)) return false;
      directMessages++;
      return true;
    },
  };
  for (const line of inputs) {
    inputsSeen++;
    d.feedLine(line, 'fuzz', inputsSeen, sink);
    viaBits.feedLine(line, 'fuzz', inputsSeen, direct);
  }
  json.flush();
  if (directMessages !== messages || directRejects !== rejects || (messages > 0 && written === 0)) {
    throw new Error(
      `decoders disagree: ${messages} messages and ${rejects} rejects as objects, ${directMessages} and ${directRejects} through the JSON writer`,
    );
  }
  return { inputs: inputsSeen, messages, rejects, pending: d.pendingGroups };
}
