import { join } from 'node:path';
import protobuf from 'protobufjs';
import { DEFAULT_PROFILE_DIR } from '../paths.js';
import type { DemoVehicle } from './fleet-vehicles.js';

const TankReading = new protobuf.Root()
  .loadSync(join(DEFAULT_PROFILE_DIR, 'proto', 'tank-sensor.proto'), { keepCase: true })
  .lookupType('kakou.devices.TankReading');

/** Ticks after the demo starts when the leaking tank's detector starts reading the leak, and when the silent one goes quiet. */
export const LEAK_FROM_TICK = 25;
export const SILENT_FROM_TICK = 12;

/**
 * Tank sensors on the demo's tankers, as the terminal relays them (tank-sensor-pb profile): a
 * pressurised cargo's pressure breathing with the day's temperature, the level falling slowly,
 * a vapour detector reading a few ppm of background. One tank starts leaking; one sensor falls silent.
 */
export function tankReading(v: DemoVehicle, tick: number, phase: number, now: number): Buffer | null {
  if (!v.tank || (v.tank === 'silent' && tick >= SILENT_FROM_TICK)) return null;
  const gas = v.cargo?.hazardClass.startsWith('2') ?? false;
  const wobble = Math.sin((tick + phase * 17) / 40);
  const leaking = v.tank === 'leak' && tick >= LEAK_FROM_TICK;
  const body = {
    time_ms: now,
    pressure_kpa: gas ? 540 + 25 * wobble : 18 + 4 * wobble, // LPG at about 17 °C; a liquid cargo near atmospheric
    temperature_c: 17 + 2 * wobble,
    level_pct: Math.max(5, 92 - tick * 0.01),
    leak_ppm: leaking ? Math.min(180, 60 + (tick - LEAK_FROM_TICK) * 6) : 3 + ((tick * 7 + phase) % 5),
    valve: 'CLOSED',
    plate: v.plate,
  };
  return Buffer.from(TankReading.encode(TankReading.fromObject(body)).finish());
}
