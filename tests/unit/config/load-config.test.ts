import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { envName } from '../../../src/config/env-overrides.js';
import { KakouError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-cfg-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function problems(fn: () => unknown): { code: string; details: readonly string[] } {
  try {
    fn();
  } catch (err) {
    if (err instanceof KakouError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a KakouError');
}

describe('configuration', () => {
  it('fills every default when nothing is given', () => {
    const c = loadConfig();
    expect(c.http.port).toBe(8080);
    expect(c.scoring.policy).toBe('kakou-checkpoint');
    expect(Object.isFrozen(c.http)).toBe(true);
  });

  it('reads YAML, then applies KAKOU_* overrides with types', () => {
    const f = file('a.yaml', 'node:\n  id: site-7\nhttp:\n  port: 9000\n');
    const c = loadConfig({
      file: f,
      env: { KAKOU_HTTP__PORT: '9100', KAKOU_SNAPSHOT__STALE_AFTER_HOURS: '12.5', KAKOU_MQTT__QOS: '0', PATH: '/bin' },
    });
    expect(c.node.id).toBe('site-7');
    expect(c.http.port).toBe(9100);
    expect(c.snapshot.staleAfterHours).toBe(12.5);
    expect(c.mqtt.qos).toBe(0);
  });

  it('derives env names from the schema path', () => {
    expect(envName(['auth', 'sessionIdleMinutes'])).toBe('KAKOU_AUTH__SESSION_IDLE_MINUTES');
  });

  it('refuses gates that cannot be told apart, drawn, or staffed consistently, with every problem listed', () => {
    const gate = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      name: id,
      points: [
        [30.75, 120.75],
        [30.751, 120.75],
      ],
      ...extra,
    });
    const p = problems(() =>
      loadConfig({
        overrides: {
          checkpoint: {
            gate: [
              [30.75, 120.75],
              [30.751, 120.751],
            ],
            gates: [gate('north', { boardingsPerHour: 2 }), gate('north'), gate('lock', { points: [[30.75, 120.75]] })],
          },
        },
      }),
    );
    expect(p.code).toBe('KAKOU_E_CONFIG_INVALID');
    expect(p.details.map((d) => d.split(':')[0]).sort()).toEqual([
      'checkpoint.gate',
      'checkpoint.gates',
      'checkpoint.gates.1.id',
      'checkpoint.gates.2.points',
    ]);
    const ok = loadConfig({
      overrides: { checkpoint: { gates: [gate('north'), gate('south', { kinds: ['vessel'] })] } },
    });
    expect(ok.checkpoint.gates.map((g) => [g.id, g.kinds])).toEqual([
      ['north', ['vessel', 'vehicle']],
      ['south', ['vessel']],
    ]);
  });

  it('lists every problem at once, each with its path', () => {
    const f = file(
      'bad.yaml',
      'http:\n  port: 70000\n  hostt: x\nscoring:\n  shiftHours: "long"\nlog:\n  level: loud\nextra: 1\n',
    );
    const p = problems(() => loadConfig({ file: f, env: { KAKOU_TRACKS__STALE_AFTER_S: 'soon', KAKOU_NOPE: '1' } }));
    expect(p.code).toBe('KAKOU_E_CONFIG_INVALID');
    const paths = p.details.map((d) => d.split(/[ :]/)[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'http.port',
        'http.hostt',
        'scoring.shiftHours',
        'log.level',
        'extra',
        'tracks.staleAfterS',
        'KAKOU_NOPE',
      ]),
    );
  });

  it('checks relations between settings', () => {
    const p = problems(() =>
      loadConfig({ env: { KAKOU_MQTT__PASSWORD: 'x', KAKOU_MQTT__PASSWORD_FILE: '/nonexistent' } }),
    );
    expect(p.details.join('\n')).toMatch(/mqtt.password: set either/);
  });

  it('checks the TLS settings of the broker, the terminal and the uplink together', () => {
    const p = problems(() =>
      loadConfig({
        overrides: {
          mqtt: { url: 'mqtt://broker:1883', caFile: '/x/ca.pem', certFile: '/x/c.pem' },
          http: { certFile: '/x/web.pem' },
          sync: { centralUrl: 'http://central/', pinSha256: 'not-a-pin' },
        },
      }),
    );
    expect(p.code).toBe('KAKOU_E_CONFIG_INVALID');
    expect(p.details.map((d) => d.split(':')[0]).sort()).toEqual([
      'http.certFile',
      'mqtt.caFile',
      'mqtt.certFile',
      'sync.pinSha256',
      'sync.pinSha256',
    ]);
  });

  it('reports an unreadable or unparsable file with its own code', () => {
    expect(problems(() => loadConfig({ file: join(dir, 'missing.yaml') })).code).toBe('KAKOU_E_CONFIG_FILE');
    expect(problems(() => loadConfig({ file: file('broken.yaml', 'http: [1, 2\n') })).code).toBe('KAKOU_E_CONFIG_FILE');
  });

  it('reads the broker password from a file', () => {
    const pw = file('pw.txt', 's3cret-pass\n');
    expect(loadConfig({ env: { KAKOU_MQTT__PASSWORD_FILE: pw } }).mqtt.password).toBe('s3cret-pass');
  });
});
