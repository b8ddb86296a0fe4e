// Baseline: the least any consumer does, a bare MQTT.js client counting what the broker delivers.
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import mqtt from 'mqtt';
import { say, serve } from './line-protocol.mjs';

let count = 0;
let first = 0;
let last = 0;
const client = await mqtt.connectAsync(process.env.BROKER_URL, { clientId: 'bench-bare', clean: true });
client.on('message', () => {
  const now = performance.now();
  if (count === 0) first = now;
  last = now;
  count++;
});
await client.subscribeAsync('kakou/#', { qos: 1 });
serve({
  reset: () => {
    count = 0;
    first = 0;
    last = 0;
  },
  report: () => {
    const cpu = process.cpuUsage();
    return {
      messages: count,
      seconds: (last - first) / 1000,
      rss: process.memoryUsage().rss,
      cpuS: (cpu.user + cpu.system) / 1e6,
    };
  },
  stop: async () => {
    await client.endAsync();
    setImmediate(() => process.exit(0));
  },
});
say({ ready: true });
