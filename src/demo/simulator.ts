import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Clock, Timer } from '../clock.js';
import type { Logger } from '../logger.js';
import { VESSELS } from './fleet.js';
import { VEHICLES, type DemoVehicle } from './fleet-vehicles.js';
import { prng } from '../domain/prng.js';
import { ROAD_BEARING, roadPoint } from './route.js';
import { tankReading } from './tank-sensors.js';
import { VesselTraffic } from './vessel-traffic.js';

export interface SimulatorOptions {
  brokerUrl: string;
  site: { lat: number; lon: number };
  /** Milliseconds between simulation ticks. */
  tickMs?: number;
  /** Publish a malformed message now and then, as real devices do. */
  faults?: boolean;
  /** Where the messages go instead of the broker: a node's ingest fed in step with a test's clock. */
  deliver?: (topic: string, payload: Buffer) => void;
}

interface Mover<T> {
  unit: T;
  /** Metres along the route from the checkpoint (negative = approaching). */
  s: number;
  dir: 1 | -1;
  /** m/s */
  speed: number;
  lateral: number;
  phase: number;
}

const AIS_TOPIC = 'kakou/ais/gw-jx01/nmea';
const WIM_TOPIC = 'kakou/weigh/wim-01/axle';
const HULL_TOPIC = 'kakou/hull/cam-gate1/read';
/** The detour runs this far off the road, past the waybill's 2 km corridor, between these distances along it. */
const DETOUR = { lateralM: 2600, fromM: 1500, toM: 5500 };

/**
 * Publishes realistic checkpoint traffic: AIS sentences from a shore gateway for vessels moving
 * along the canal and the hull-name camera's reads as they cross the line; JT/T 808-style JSON
 * position reports from hazmat trucks on the road, their tank sensors as protobuf, and the
 * weigh-in-motion scale's readings; alarms and misbehaviour from the units scripted for them.
 */
export class Simulator {
  private client: MqttClient | null = null;
  private timer: Timer | null = null;
  private tick = 0;
  private readonly vessels: VesselTraffic;
  private readonly vehicles: Mover<DemoVehicle>[];
  published = 0;

  constructor(
    private readonly opts: SimulatorOptions,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    const r = prng(42);
    this.vessels = new VesselTraffic(opts.site, VESSELS, r);
    this.vehicles = VEHICLES.map((unit, i) => ({
      unit,
      s: -7000 + r() * 12000,
      dir: i % 4 === 0 ? -1 : 1,
      speed: (50 + r() * 25) / 3.6,
      lateral: i % 4 === 0 ? -6 : 6,
      phase: i,
      // The overloaded truck reaches the scale within seconds of the demo starting.
      ...(unit.grossKg !== undefined && { s: -120, dir: 1 as const }),
      // The detouring truck leaves the road within a minute of the demo starting.
      ...(unit.detour && { s: DETOUR.fromM - 600, dir: 1 as const }),
      ...(unit.startM !== undefined && { s: unit.startM, dir: 1 as const }),
    }));
  }

  async start(): Promise<void> {
    if (!this.opts.deliver)
      this.client = await mqtt.connectAsync(this.opts.brokerUrl, {
        clientId: `kakou-demo-sim-${randomBytes(4).toString('hex')}`,
        reconnectPeriod: 1000,
      });
    for (const sentences of this.vessels.statics(0)) this.publish(AIS_TOPIC, sentences);
    this.timer = this.clock.every(this.opts.tickMs ?? 1000, () => this.step());
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.client?.endAsync().catch(() => undefined);
    this.client = null;
  }

  private publish(topic: string, payload: string | Buffer): void {
    if (this.opts.deliver) this.opts.deliver(topic, typeof payload === 'string' ? Buffer.from(payload) : payload);
    else this.client?.publish(topic, payload, { qos: 0 });
    this.published++;
  }

  private step(): void {
    const dt = (this.opts.tickMs ?? 1000) / 1000;
    this.tick++;
    for (const sentences of this.vessels.step(this.tick, dt)) this.publish(AIS_TOPIC, sentences);
    for (const v of this.vessels.crossed) this.publishHullRead(v);
    for (const m of this.vehicles) {
      m.s += m.dir * m.speed * dt;
      if (Math.abs(m.s) > 8000) m.s = -m.dir * 8000;
      // The weigh-in-motion station sits at the checkpoint: weigh every vehicle as it crosses.
      if (Math.sign(m.s) !== Math.sign(m.s - m.dir * m.speed * dt)) this.publishWeighing(m);
      if ((this.tick + m.phase) % 2 !== 0 || m.unit.clone) continue;
      this.publishVehicle(m);
      const tank = (this.tick + m.phase) % 6 === 0 ? tankReading(m.unit, this.tick, m.phase, this.clock.now()) : null;
      if (tank) this.publish(`kakou/tank/${m.unit.terminalId}/reading`, tank);
    }
    for (const sentences of this.vessels.statics(this.tick)) this.publish(AIS_TOPIC, sentences);
    if (this.opts.faults && this.tick % 15 === 2) this.publishFaults();
  }

  private publishVehicle(m: Mover<DemoVehicle>): void {
    const v = m.unit;
    // Scripted alarms are raised for 40 s of every 120 s, starting soon after start.
    const alarmOn = (this.tick + m.phase * 3) % 120 < 40 && this.tick >= 3;
    let alarm = 0;
    for (const bit of alarmOn ? (v.alarmBits ?? []) : []) alarm |= 1 << bit;
    alarm >>>= 0;
    const speedKmh = m.speed * 3.6 * (alarmOn && v.alarmBits?.includes(1) ? 1.45 : 1);
    const off =
      v.detour && m.s > DETOUR.fromM && m.s < DETOUR.toM
        ? Math.min(1, (m.s - DETOUR.fromM) / 400, (DETOUR.toM - m.s) / 400) * DETOUR.lateralM
        : 0;
    const pos = roadPoint(this.opts.site, m.s, m.lateral + off);
    const body = {
      plate: v.plate,
      plateColor: 2,
      time: new Date().toISOString(),
      lat: Math.round(pos.lat * 1e6),
      lon: Math.round(pos.lon * 1e6),
      altitude: 4,
      speed: Math.round(speedKmh * 10),
      direction: (ROAD_BEARING + (m.dir === 1 ? 0 : 180)) % 360,
      alarm,
      status: 0b11,
      dsm: alarmOn ? (v.dsm ?? []) : [],
      mileage: 10_000 + this.tick,
      // The card the driver swiped at the start of the shift (JT/T 808 0x0702), relayed with every report.
      driver: { idNumber: v.driverId },
    };
    this.publish(`kakou/hazmat/${v.terminalId}/location`, JSON.stringify(body));
  }

  private publishWeighing(m: Mover<DemoVehicle>): void {
    const gross = m.unit.grossKg ?? 28_000 + ((m.phase * 7919) % 18_000);
    const axles = [0.12, 0.2, 0.2, 0.16, 0.16, 0.16].map((share) => Math.round(gross * share));
    this.publish(
      WIM_TOPIC,
      JSON.stringify({
        plate: m.unit.plate,
        gross,
        axles,
        speed: Math.round(m.speed * 3.6),
        time: new Date().toISOString(),
      }),
    );
  }

  /** The camera reads the name painted on the hull, not what AIS says: usually the vessel's Chinese name. */
  private publishHullRead(v: { nameZh: string; hullName?: string; mmsi: number }): void {
    const confidence = 0.9 + (v.mmsi % 9) / 100;
    this.publish(
      HULL_TOPIC,
      JSON.stringify({
        hullName: v.hullName ?? v.nameZh,
        confidence,
        lane: (v.mmsi % 2) + 1,
        time: new Date().toISOString(),
      }),
    );
  }

  private publishFaults(): void {
    this.publish('kakou/hazmat/013800000199/location', '{"plate":"浙F3A199","lat":30752200,');
    this.publish(AIS_TOPIC, '!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*00');
    this.publish('kakou/weigh/wim-01/axle', JSON.stringify({ station: 'wim-01', gross: 48_200 }));
    this.log.debug('published scripted faults');
  }
}
