import type { Frame } from '../../src/ingest/ingest-adapter.js';

/** A hazmat terminal's JT/T 808-style JSON position report from the checkpoint gate, as a broker frame. */
export function truckAtGate(terminal: string, plate: string, alarm = 0): Frame {
  return {
    form: 'message',
    topic: `kakou/hazmat/${terminal}/location`,
    payload: Buffer.from(JSON.stringify({ plate, lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm })),
  };
}

/** A hazmat terminal's position report at a given place, heading and speed (km/h), as a broker frame. */
export function truckAt(
  terminal: string,
  plate: string,
  at: { lat: number; lon: number; heading: number; kmh: number },
  alarm = 0,
): Frame {
  const payload = {
    plate,
    lat: Math.round(at.lat * 1e6),
    lon: Math.round(at.lon * 1e6),
    speed: Math.round(at.kmh * 10),
    direction: at.heading,
    alarm,
  };
  return { form: 'message', topic: `kakou/hazmat/${terminal}/location`, payload: Buffer.from(JSON.stringify(payload)) };
}

/** A north-south checkpoint line across an east-west road, for tests that drive trucks (truckAt) across it. */
export const ROAD_LINE = {
  lat: 30.7522,
  site: { lat: 30.7522, lon: 120.7585 },
  gate: [
    [30.75, 120.7585],
    [30.755, 120.7585],
  ] as Array<[number, number]>,
};
