// The bench's device traffic: mixed AIS sentences (a shore gateway) and JT/T 808-style JSON
// position reports from 500 hazmat trucks, each stamped with its publish time in ms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pool = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'ais', 'bench-pool.nmea'), 'latin1')
  .split('\n')
  .filter(Boolean);

function hazmat(i) {
  const n = i % 500;
  return JSON.stringify({
    plate: `浙B${String(10000 + n)}`,
    time: new Date().toISOString(),
    lat: 30752200 + (i % 997) * 10,
    lon: 120758500 - (i % 991) * 10,
    speed: 600 + (i % 100),
    direction: i % 360,
    alarm: i % 211 === 0 ? 2 : 0,
    status: 3,
    dsm: [],
    mileage: 10000 + i,
  });
}

/** A generator of [topic, payload]: seven AIS sentences to three truck reports, as at a busy waterway checkpoint beside a road. */
export function traffic() {
  let i = 0;
  return () => {
    i++;
    return i % 10 < 7
      ? ['kakou/ais/gw-bench/nmea', pool[i % pool.length]]
      : [`kakou/hazmat/0139${String(i % 500).padStart(8, '0')}/location`, hazmat(i)];
  };
}
