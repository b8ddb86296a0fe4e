// The bench's children answer commands on stdin ("reset", "report", "stop") with one JSON line on stdout.
import process from 'node:process';
import { createInterface } from 'node:readline';

export function serve(handlers) {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    const handler = handlers[line.trim()];
    if (!handler) return;
    const answer = await handler();
    process.stdout.write(`${JSON.stringify(answer ?? { ok: true })}\n`);
  });
}

export function say(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}
