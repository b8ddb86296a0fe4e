import type { Frame } from '../../src/ingest/ingest-adapter.js';

/** A hazmat terminal's JT/T 808-style JSON position report from the checkpoint gate, as a broker frame. */
export function truckAtGate(terminal: string, plate: string, alarm = 0): Frame {
  return {
    form: 'message',
    topic: `kakou/hazmat/${terminal}/location`,
    payload: Buffer.from(JSON.stringify({ plate, lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm })),
  };
}
