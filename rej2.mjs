import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { AisDecoder } from './dist/normalize/ais/ais-decoder.js';
const res = {};
for (const f of process.argv.slice(2)) for (const line of readFileSync(f, 'latin1').split('\n')) {
  if (!line.includes(',1,1,')) continue;
  const d = new AisDecoder();
  let why = null;
  d.feedLine(line, 'x', 0, { message() {}, reject(code, detail) { if (code === 'KAKOU_E_AIS_BIT_COUNT') why = detail; } });
  if (!why || !why.startsWith('type')) continue;
  const key = why;
  if (res[key] !== undefined) continue;
  const out = spawnSync('gpsdecode', ['-u', '-j'], { input: line + '\n' }).stdout.toString();
  res[key] = out.includes('"class":"AIS"') ? 'ACCEPTED' : 'rejected';
}
console.log(Object.entries(res).sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
