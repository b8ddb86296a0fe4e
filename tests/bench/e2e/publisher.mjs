// Publishes the bench's device traffic (traffic.mjs) through the broker: at a rate, as a flood,
// or as many distinct vessels.
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';
import { encodeClassA, toSentences } from '../../../dist/demo/ais-encoder.js';
import { say } from './line-protocol.mjs';
import { rawFlood } from './raw-flood.mjs';
import { traffic } from './traffic.mjs';

const [mode, arg1, arg2] = process.argv.slice(2);
const client = await mqtt.connectAsync(process.env.BROKER_URL, { clientId: `bench-pub-${process.pid}` });
const next = traffic();

const started = performance.now();
if (mode === 'rate') {
  // arg1 messages per second for arg2 seconds, in 10 ms slices.
  const rate = Number(arg1);
  const total = rate * Number(arg2);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) client.publish(...next(), { qos: 0 });
    await sleep(10);
  }
} else if (mode === 'flood') {
  await rawFlood(process.env.BROKER_URL, `bench-flood-${process.pid}`, Number(arg1), next);
} else if (mode === 'tracks') {
  // arg1 distinct vessels, each reporting its position twice.
  for (let round = 0; round < 2; round++) {
    for (let k = 0; k < Number(arg1); k++) {
      const payload = encodeClassA({
        mmsi: 412000000 + k,
        lat: 30 + (k % 1000) / 1000,
        lon: 120 + Math.floor(k / 1000) / 100,
        speed: 6,
        course: 90,
        heading: 90,
        turn: 0,
        second: 10,
      });
      client.publish('kakou/ais/gw-bench/nmea', toSentences(payload, 0, 0).join('\r\n'), { qos: 0 });
      if (k % 2000 === 0) await sleep(0);
    }
  }
}
await client.endAsync();
say({
  published: mode === 'rate' ? Number(arg1) * Number(arg2) : mode === 'flood' ? Number(arg1) : Number(arg1) * 2,
  seconds: (performance.now() - started) / 1000,
});
process.exit(0);
