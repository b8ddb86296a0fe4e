import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KakouError } from '../../../src/errors.js';
import type { VehicleReport } from '../../../src/domain/observation.js';
import { decodeJson } from '../../../src/normalize/decode-json.js';
import protobuf from 'protobufjs';
import { compileProfiles } from '../../../src/normalize/profiles/compile-profile.js';
import { loadProfiles } from '../../../src/normalize/profiles/load-profiles.js';
import { compileTopic } from '../../../src/normalize/profiles/topic-pattern.js';
import { DEFAULT_PROFILE_DIR } from '../../../src/paths.js';

const profiles = loadProfiles(DEFAULT_PROFILE_DIR);
const hazmat = profiles.find((p) => p.profile.id === 'hazmat-terminal-json');
if (hazmat?.profile.payload.kind !== 'json') throw new Error('hazmat profile missing');
const spec = hazmat.profile.payload;
const ctx = {
  profile: 'hazmat-terminal-json',
  target: 'vehicle' as const,
  captures: { terminalId: '013800000101' },
  receivedAt: 1000,
};

describe('shipped device profiles', () => {
  it('all validate and claim distinct topics', () => {
    expect(profiles.map((p) => p.profile.id).sort()).toEqual([
      'ais-gateway-nmea',
      'draught-gauge-opcua',
      'hazmat-terminal-json',
      'hazmat-terminal-pb',
      'hull-name-camera-json',
      'plate-camera-json',
      'tank-farm-plc-opcua',
      'tank-gateway-sparkplug',
      'tank-sensor-pb',
      'weigh-in-motion-json',
    ]);
    // Device models of installations name no endpoint: a site names each installation in inputs.opcua.
    expect(profiles.filter((p) => p.opcua).map((p) => p.opcua?.endpoint)).toEqual([undefined, undefined]);
  });

  it('compile again from their documents (as the decode thread does) to the same topics and decoders', () => {
    // Through structured clone, as workerData carries them.
    const again = compileProfiles(
      DEFAULT_PROFILE_DIR,
      structuredClone(profiles.map(({ profile, file }) => ({ profile, file }))),
    );
    expect(again.map((p) => [p.profile.id, p.topic?.filter, p.opcua?.nodes, Boolean(p.protobuf)])).toEqual(
      profiles.map((p) => [p.profile.id, p.topic?.filter, p.opcua?.nodes, Boolean(p.protobuf)]),
    );
    const Position = new protobuf.Root()
      .loadSync(join(DEFAULT_PROFILE_DIR, 'proto', 'hazmat-terminal.proto'), { keepCase: true })
      .lookupType('kakou.devices.HazmatPosition');
    const payload = Buffer.from(
      Position.encode(
        Position.create({ plate: '浙F3A102', lat_e6: 30752000, lon_e6: 120758000, speed_dkmh: 500 }),
      ).finish(),
    );
    const decode = (list: typeof profiles) =>
      list.find((p) => p.profile.id === 'hazmat-terminal-pb')?.protobuf?.(payload);
    expect(decode(again)).toEqual(decode(profiles));
    expect(decode(again)).toMatchObject({ plate: '浙F3A102', lat_e6: 30752000 });
  });

  it('reads a roadside scale: station from the topic, vehicle by plate, gross weight, axle loads kept', () => {
    const wim = profiles.find((p) => p.profile.id === 'weigh-in-motion-json')?.profile.payload;
    if (wim?.kind !== 'json') throw new Error('weigh-in-motion profile missing');
    const c = {
      profile: 'weigh-in-motion-json',
      target: 'vehicle' as const,
      captures: { stationId: 'wim-01' },
      receivedAt: 1000,
    };
    const r = decodeJson(
      wim,
      Buffer.from(JSON.stringify({ plate: '浙F3A105', gross: 55_300, axles: [6600, 11000], speed: 42 })),
      c,
    );
    expect(r.ok && r.value.report).toMatchObject({
      terminalId: null,
      station: 'wim-01',
      deviceId: 'wim-01',
      plate: '浙F3A105',
      grossKg: 55_300,
      lat: null,
      extra: { axles: [6600, 11000], speed: 42 },
    });
    const anonymous = decodeJson(wim, Buffer.from(JSON.stringify({ gross: 48_200 })), c);
    expect(anonymous.ok ? null : anonymous.code).toBe('KAKOU_E_INGEST_IDENTITY');
  });

  it('refuses a profile that names neither an on-board terminal nor a roadside station with a plate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-profiles-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        id: 'nameless',
        name: 'x',
        target: 'vehicle',
        transport: { mqtt: { topic: 'x/{id}' } },
        payload: { kind: 'json', identity: { station: { topic: 'id' } }, fields: {} },
      }),
    );
    expect(() => loadProfiles(dir)).toThrow(
      expect.objectContaining({
        code: 'KAKOU_E_PROFILE_INVALID',
        details: [expect.stringMatching(/identity\/plate is required for a roadside device/)],
      }),
    );
  });

  it('reads a hull-name camera: the station from the topic, the vessel by name or MMSI, confidence kept', () => {
    const cam = profiles.find((p) => p.profile.id === 'hull-name-camera-json')?.profile.payload;
    if (cam?.kind !== 'json') throw new Error('hull-name camera profile missing');
    const c = {
      profile: 'hull-name-camera-json',
      target: 'vessel' as const,
      captures: { stationId: 'cam-1' },
      receivedAt: 1000,
    };
    const r = decodeJson(
      cam,
      Buffer.from(JSON.stringify({ hullName: ' 浙嘉兴货0101 ', confidence: 0.93, time: '2026-11-25T08:00:00Z' })),
      c,
    );
    expect(r.ok && r.value.report).toMatchObject({
      kind: 'vessel-sighting',
      station: 'cam-1',
      hullName: '浙嘉兴货0101',
      mmsi: null,
      observedAt: Date.parse('2026-11-25T08:00:00Z'),
      extra: { confidence: 0.93 },
    });
    const fused = decodeJson(cam, Buffer.from(JSON.stringify({ mmsi: 413800101 })), c);
    expect(fused.ok && fused.value.report).toMatchObject({ mmsi: 413800101, hullName: null });
    const nobody = decodeJson(cam, Buffer.from(JSON.stringify({ mmsi: 12345, confidence: 0.2 })), c);
    expect(nobody.ok ? null : nobody.code).toBe('KAKOU_E_INGEST_IDENTITY');
  });

  it('refuses a vessel device that names no vessel, or names a vehicle, listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-profiles-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        id: 'confused',
        name: 'x',
        target: 'vessel',
        transport: { mqtt: { topic: 'x/{id}' } },
        payload: {
          kind: 'json',
          identity: { station: { topic: 'id' }, plate: { path: 'plate' } },
          fields: { grossKg: { path: 'w' } },
          rules: [{ alarm: 'x', path: 'y', above: 1 }],
        },
      }),
    );
    writeFileSync(
      join(dir, 'opc.json'),
      JSON.stringify({
        id: 'opc-model',
        name: 'x',
        target: 'vessel',
        transport: { opcua: { nodes: { Name: 'ns=2;s=Name' } } },
        payload: { kind: 'opcua', identity: { station: { topic: 'gauge' }, shipname: { path: 'Name' } }, fields: {} },
      }),
    );
    try {
      loadProfiles(dir);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'KAKOU_E_PROFILE_INVALID' });
      const details = (err as { details: string[] }).details;
      expect(details).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^bad\.json: \/payload\/identity needs mmsi or shipname/),
          expect.stringMatching(/^bad\.json: \/payload\/identity\/plate names a vehicle/),
          expect.stringMatching(/^bad\.json: \/payload\/fields\/grossKg is a vehicle weight/),
          expect.stringMatching(/^bad\.json: \/payload alarms and rules apply to vehicle devices only/),
          expect.stringMatching(
            /^opc\.json: \/payload\/identity\/station names \{gauge\}; an OPC UA profile has only \{input\}/,
          ),
        ]),
      );
      expect(details).toHaveLength(5);
    }
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
    const payload = {
      plate: '浙F3A101',
      time: '2026-11-25T10:00:00+08:00',
      lat: 30752200,
      lon: 120758500,
      speed: 652,
      direction: 90,
      alarm: (1 << 30) | (1 << 1),
      dsm: ['phone', 'unknown'],
      mileage: 1234.5,
    };
    const r = decodeJson(spec, Buffer.from(JSON.stringify(payload)), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { rejects } = r.value;
    const report = r.value.report as VehicleReport;
    expect(report).toMatchObject({
      terminalId: '013800000101',
      plate: '浙F3A101',
      heading: 90,
      observedAt: Date.parse('2026-11-25T02:00:00Z'),
    });
    expect(report.lat).toBeCloseTo(30.7522, 6);
    expect(report.speed).toBeCloseTo(65.2, 6);
    expect(report.alarms.sort()).toEqual(['dsm-phone', 'overspeed', 'rollover']);
    expect(report.extra).toEqual({ mileage: 1234.5 });
    expect(rejects).toEqual([]);
  });

  it('nulls out-of-range values and reports them, without dropping the message', () => {
    const r = decodeJson(spec, Buffer.from(JSON.stringify({ lat: 99_000_000, lon: 120758500, speed: 'fast' })), ctx);
    expect(r.ok && (r.value.report as VehicleReport).lat).toBeNull();
    expect(r.ok && r.value.rejects.map((x) => x.field).sort()).toEqual(['lat', 'speed']);
  });

  it('rejects malformed payloads and missing identity with codes', () => {
    const bad = decodeJson(spec, Buffer.from('{"plate":'), ctx);
    expect(bad.ok ? null : bad.code).toBe('KAKOU_E_INGEST_PAYLOAD');
    const arr = decodeJson(spec, Buffer.from('[1,2]'), ctx);
    expect(arr.ok ? null : arr.code).toBe('KAKOU_E_INGEST_PAYLOAD');
    const anon = decodeJson(spec, Buffer.from('{}'), { ...ctx, captures: { terminalId: '' } });
    expect(anon.ok ? null : anon.code).toBe('KAKOU_E_INGEST_IDENTITY');
  });
});

describe('profile loading', () => {
  it('reports every problem of every file at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-prof-'));
    writeFileSync(join(dir, 'a.json'), '{ not json');
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({
        id: 'B!',
        name: '',
        target: 'boat',
        transport: { mqtt: { topic: 'x/{id}' } },
        payload: { kind: 'nmea', sentences: 'ais' },
      }),
    );
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        id: 'c-one',
        name: 'c',
        target: 'vehicle',
        transport: { mqtt: { topic: 'x/+/y' } },
        payload: { kind: 'nmea', sentences: 'ais' },
      }),
    );
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
