import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KakouError } from '../../../src/errors.js';
import { decodeJsonVehicle } from '../../../src/normalize/decode-json.js';
import { loadProfiles } from '../../../src/normalize/profiles/load-profiles.js';
import { compileTopic } from '../../../src/normalize/profiles/topic-pattern.js';
import { DEFAULT_PROFILE_DIR } from '../../../src/paths.js';

const profiles = loadProfiles(DEFAULT_PROFILE_DIR);
const hazmat = profiles.find((p) => p.profile.id === 'hazmat-terminal-json');
if (hazmat?.profile.payload.kind !== 'json') throw new Error('hazmat profile missing');
const spec = hazmat.profile.payload;
const ctx = { profile: 'hazmat-terminal-json', captures: { terminalId: '013800000101' }, receivedAt: 1000 };

describe('shipped device profiles', () => {
  it('all validate and claim distinct topics', () => {
    expect(profiles.map((p) => p.profile.id).sort()).toEqual(['ais-gateway-nmea', 'hazmat-terminal-json', 'hazmat-terminal-pb', 'plate-camera-json', 'tank-gateway-sparkplug', 'tank-sensor-pb', 'weigh-in-motion-json']);
  });

  it('reads a roadside scale: station from the topic, vehicle by plate, gross weight, axle loads kept', () => {
    const wim = profiles.find((p) => p.profile.id === 'weigh-in-motion-json')?.profile.payload;
    if (wim?.kind !== 'json') throw new Error('weigh-in-motion profile missing');
    const c = { profile: 'weigh-in-motion-json', captures: { stationId: 'wim-01' }, receivedAt: 1000 };
    const r = decodeJsonVehicle(wim, Buffer.from(JSON.stringify({ plate: '浙F3A105', gross: 55_300, axles: [6600, 11000], speed: 42 })), c);
    expect(r.ok && r.value.report).toMatchObject({ terminalId: null, station: 'wim-01', deviceId: 'wim-01', plate: '浙F3A105', grossKg: 55_300, lat: null, extra: { axles: [6600, 11000], speed: 42 } });
    const anonymous = decodeJsonVehicle(wim, Buffer.from(JSON.stringify({ gross: 48_200 })), c);
    expect(anonymous.ok ? null : anonymous.code).toBe('KAKOU_E_INGEST_IDENTITY');
  });

  it('refuses a profile that names neither an on-board terminal nor a roadside station with a plate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-profiles-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'nameless', name: 'x', target: 'vehicle', transport: { mqtt: { topic: 'x/{id}' } }, payload: { kind: 'json', identity: { station: { topic: 'id' } }, fields: {} } }));
    expect(() => loadProfiles(dir)).toThrow(expect.objectContaining({ code: 'KAKOU_E_PROFILE_INVALID', details: [expect.stringMatching(/identity\/plate is required for a roadside device/)] }));
  });
});

describe('topic patterns', () => {
  it('compile to MQTT filters and capture named levels', () => {
    const t = compileTopic('kakou/hazmat/{terminalId}/location');
    expect(t.filter).toBe('kakou/hazmat/+/location');
    expect(t.match('kakou/hazmat/0138/location')).toEqual({ terminalId: '0138' });
    expect(t.match('kakou/hazmat/0138/other')).toBeNull();
    expect(compileTopic('site/{gw}/#').match('site/a/b/c')).toEqual({ gw: 'a' });
  });
});

describe('JSON payload mapping', () => {
  it('scales fields, decodes JT/T 808 alarm bits and DSM events, and keeps unmodelled fields', () => {
    const payload = { plate: '浙F3A101', time: '2026-11-25T10:00:00+08:00', lat: 30752200, lon: 120758500, speed: 652, direction: 90, alarm: (1 << 30) | (1 << 1), dsm: ['phone', 'unknown'], mileage: 1234.5 };
    const r = decodeJsonVehicle(spec, Buffer.from(JSON.stringify(payload)), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { report, rejects } = r.value;
    expect(report).toMatchObject({ terminalId: '013800000101', plate: '浙F3A101', heading: 90, observedAt: Date.parse('2026-11-25T02:00:00Z') });
    expect(report.lat).toBeCloseTo(30.7522, 6);
    expect(report.speed).toBeCloseTo(65.2, 6);
    expect(report.alarms.sort()).toEqual(['dsm-phone', 'overspeed', 'rollover']);
    expect(report.extra).toEqual({ mileage: 1234.5 });
    expect(rejects).toEqual([]);
  });

  it('nulls out-of-range values and reports them, without dropping the message', () => {
    const r = decodeJsonVehicle(spec, Buffer.from(JSON.stringify({ lat: 99_000_000, lon: 120758500, speed: 'fast' })), ctx);
    expect(r.ok && r.value.report.lat).toBeNull();
    expect(r.ok && r.value.rejects.map((x) => x.field).sort()).toEqual(['lat', 'speed']);
  });

  it('rejects malformed payloads and missing identity with codes', () => {
    const bad = decodeJsonVehicle(spec, Buffer.from('{"plate":'), ctx);
    expect(bad.ok ? null : bad.code).toBe('KAKOU_E_INGEST_PAYLOAD');
    const arr = decodeJsonVehicle(spec, Buffer.from('[1,2]'), ctx);
    expect(arr.ok ? null : arr.code).toBe('KAKOU_E_INGEST_PAYLOAD');
    const anon = decodeJsonVehicle(spec, Buffer.from('{}'), { ...ctx, captures: { terminalId: '' } });
    expect(anon.ok ? null : anon.code).toBe('KAKOU_E_INGEST_IDENTITY');
  });
});

describe('profile loading', () => {
  it('reports every problem of every file at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-prof-'));
    writeFileSync(join(dir, 'a.json'), '{ not json');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ id: 'B!', name: '', target: 'boat', transport: { mqtt: { topic: 'x/{id}' } }, payload: { kind: 'nmea', sentences: 'ais' } }));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ id: 'c-one', name: 'c', target: 'vehicle', transport: { mqtt: { topic: 'x/+/y' } }, payload: { kind: 'nmea', sentences: 'ais' } }));
    try {
      loadProfiles(dir);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KakouError);
      const e = err as KakouError;
      expect(e.code).toBe('KAKOU_E_PROFILE_INVALID');
      expect(e.details.some((d) => d.startsWith('a.json'))).toBe(true);
      expect(e.details.filter((d) => d.startsWith('b.json')).length).toBeGreaterThanOrEqual(3);
      expect(e.details.some((d) => d.startsWith('c.json'))).toBe(true);
    }
  });
});
