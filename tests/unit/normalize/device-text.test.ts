import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../../src/normalize/decode-json.js';
import { boundedValue, DEVICE_BOUNDS, jsonTooDeep, wellFormed } from '../../../src/normalize/device-text.js';
import { loadProfiles } from '../../../src/normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../../../src/paths.js';

const profiles = loadProfiles(DEFAULT_PROFILE_DIR);
function spec(id: string) {
  const p = profiles.find((x) => x.profile.id === id)?.profile.payload;
  if (p?.kind !== 'json') throw new Error(`${id} missing`);
  return p;
}
const camera = spec('plate-camera-json');
const terminal = spec('hazmat-terminal-json');
const cameraCtx = {
  profile: 'plate-camera-json',
  target: 'vehicle' as const,
  captures: { cameraId: 'cam-1' },
  receivedAt: 1000,
};
const terminalCtx = {
  profile: 'hazmat-terminal-json',
  target: 'vehicle' as const,
  captures: { terminalId: '013800000101' },
  receivedAt: 1000,
};

describe('device text at the ingest boundary', () => {
  it('makes identities well-formed Unicode in NFC', () => {
    const r = decodeJson(camera, Buffer.from(JSON.stringify({ plate: '浙F\ud800A1e\u0301' })), cameraCtx);
    expect(r.ok && r.value.report.kind === 'vehicle-report' && r.value.report.plate).toBe('浙F\ufffdA1é');
    expect(wellFormed('\udfffok')).toBe('\ufffdok');
    expect(wellFormed('plain')).toBe('plain');
  });

  it('refuses an oversized plate by field, never carrying it into the report', () => {
    const big = 'A'.repeat(2 * 1024 * 1024);
    const fromCamera = decodeJson(camera, Buffer.from(JSON.stringify({ plate: big })), cameraCtx);
    // A camera's only identity is the plate: without it the read names nobody.
    expect(fromCamera.ok ? null : fromCamera.code).toBe('KAKOU_E_INGEST_IDENTITY');
    const fromTerminal = decodeJson(
      terminal,
      Buffer.from(JSON.stringify({ plate: big, lat: 30.7, lon: 120.7 })),
      terminalCtx,
    );
    if (!fromTerminal.ok) throw new Error(fromTerminal.detail);
    expect(fromTerminal.value.report.kind === 'vehicle-report' && fromTerminal.value.report.plate).toBeNull();
    expect(fromTerminal.value.rejects).toEqual([expect.objectContaining({ field: 'plate', reason: 'size' })]);
    expect(JSON.stringify([fromTerminal.value.report, fromTerminal.value.rejects]).length).toBeLessThan(4096);
  });

  it('refuses an identity with control or format characters, and a device time from a broken clock', () => {
    const broken = decodeJson(camera, Buffer.from(JSON.stringify({ plate: '浙F3A\n101' })), cameraCtx);
    expect(broken.ok ? null : broken.code).toBe('KAKOU_E_INGEST_IDENTITY');
    const r = decodeJson(
      terminal,
      Buffer.from(JSON.stringify({ plate: '浙F3A\u200d101', lat: 30.7, lon: 120.7, time: '+275000-01-01T00:00:00Z' })),
      terminalCtx,
    );
    if (!r.ok) throw new Error(r.detail);
    expect(r.value.report.kind === 'vehicle-report' && r.value.report.plate).toBeNull();
    expect(r.value.rejects.map((x) => `${x.field}:${x.reason}`).sort()).toEqual([
      'observedAt:range',
      'plate:characters',
    ]);
    // The preview shows where the character was without carrying it.
    expect(JSON.stringify(r.value.rejects)).not.toMatch(/\u200d|\\u200d/);
    const year3000 = decodeJson(
      terminal,
      Buffer.from(JSON.stringify({ plate: '浙F3A101', lat: 30.7, lon: 120.7, time: '3000-01-01T00:00:00Z' })),
      terminalCtx,
    );
    expect(year3000.ok && year3000.value.rejects.map((x) => x.field)).toEqual(['observedAt']);
  });

  it('bounds alarm lists and the fields kept in extra', () => {
    const dsm = Array.from({ length: 100_000 }, () => 'phone');
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    const r = decodeJson(
      terminal,
      Buffer.from(
        JSON.stringify({ plate: '浙F3A102', dsm, note: 'x'.repeat(10_000), deep, ok: [1, 2], label: 'fine' }),
      ),
      terminalCtx,
    );
    if (!r.ok) throw new Error(r.detail);
    expect(r.value.report.kind === 'vehicle-report' && r.value.report.extra).toEqual({ ok: [1, 2], label: 'fine' });
    expect(r.value.report.kind === 'vehicle-report' && r.value.report.alarms).toEqual([]);
    expect(r.value.rejects.map((x) => `${x.field}:${x.reason}`).sort()).toEqual([
      'alarms:size',
      'extra:size',
      'extra:size',
    ]);
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const w = decodeJson(terminal, Buffer.from(JSON.stringify({ plate: '浙F3A102', ...wide })), terminalCtx);
    expect(w.ok && Object.keys(w.value.report.kind === 'vehicle-report' ? w.value.report.extra : {}).length).toBe(
      DEVICE_BOUNDS.extraKeys,
    );
    expect(boundedValue({ s: '\ud800' })).toEqual({ s: '\ufffd' });
  });

  it('refuses deeply nested JSON before parsing it', () => {
    const deep = Buffer.from(`{"plate":"浙F3A102","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(jsonTooDeep(deep)).toBe(true);
    expect(jsonTooDeep(Buffer.from('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[["}'))).toBe(false);
    const r = decodeJson(terminal, deep, terminalCtx);
    expect(r.ok ? null : r.code).toBe('KAKOU_E_INGEST_PAYLOAD');
  });
});
