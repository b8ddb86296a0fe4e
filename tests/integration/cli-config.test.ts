import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { signedDemoSnapshot } from '../support/snapshots.js';
import { TestCa } from '../support/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-cli-'));

describe('kakou CLI', () => {
  it('refuses a bad config with exit code 2, listing every problem with its path', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'http:\n  port: -1\nmqtt:\n  url: ftp://x\n  qos: 2\nscoring:\n  shiftHours: 30\nunknownSection: {}\n',
    );
    const r = await runCli(['serve', '--config', file], { KAKOU_LOG__LEVEL: 'verbose' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAKOU_E_CONFIG_INVALID');
    for (const path of [
      'http.port',
      'mqtt.qos',
      'scoring.shiftHours',
      'unknownSection',
      'log.level (from KAKOU_LOG__LEVEL)',
    ]) {
      expect(r.stderr).toContain(`- ${path}`);
    }
  });

  it('checks that inputs name profiles they can use, listing every problem', async () => {
    const file = join(dir, 'inputs.yaml');
    writeFileSync(
      file,
      [
        'inputs:',
        '  nmea: [{ id: rx-1, transport: tcp, host: rx, port: 10110, profile: hazmat-terminal-json }]',
        '  opcua:',
        '    - { id: rx-1, profile: hazmat-terminal-json, endpoint: "opc.tcp://gauge:4840" }',
        '    - { id: bay-3, profile: no-such-model, endpoint: "opc.tcp://plc:4840" }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAKOU_E_CONFIG_INVALID');
    for (const path of [
      'inputs.nmea.0.profile',
      'inputs.opcua.0.profile',
      'inputs.opcua.1.profile',
      'inputs: the id "rx-1"',
    ])
      expect(r.stderr).toContain(`- ${path}`);
  });

  it('warns when the terminal serves the LAN over plain HTTP, and not when it serves only this machine', async () => {
    const lan = await runCli(['check'], { KAKOU_HTTP__HOST: '0.0.0.0' });
    expect(lan.code).toBe(0);
    expect(lan.stderr).toMatch(/warning: http\.host 0\.0\.0\.0 serves the terminal to the LAN over plain HTTP/);
    const local = await runCli(['check'], { KAKOU_HTTP__HOST: '127.0.0.1' });
    expect(local.code).toBe(0);
    expect(local.stderr).not.toContain('warning');
  });

  it('refuses a missing config file with exit code 2', async () => {
    const r = await runCli(['serve', '--config', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAKOU_E_CONFIG_FILE');
  });

  it('gives every subcommand a --help, and rejects unknown options', async () => {
    for (const cmd of ['serve', 'demo', 'check', 'central', 'snapshot', 'keys']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`Usage:\\s+kakou ${cmd}`));
    }
    const bad = await runCli(['demo', '--colour']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KAKOU_E_CLI_USAGE');
  });

  it('accepts the shipped example configuration', async () => {
    const pw = join(dir, 'mqtt-password');
    writeFileSync(pw, 'from-a-file-1\n');
    // Its files where this machine has them: check reads every one, as serve would.
    const terminal = new TestCa().issue('terminal', 'kakou.local', 'server');
    const r = await runCli(['check', '--config', join(import.meta.dirname, '..', '..', 'kakou.example.yaml')], {
      KAKOU_MQTT__PASSWORD_FILE: pw,
      KAKOU_HTTP__CERT_FILE: terminal.cert,
      KAKOU_HTTP__KEY_FILE: terminal.key,
      KAKOU_STORAGE__DATA_DIR: mkdtempSync(join(tmpdir(), 'kakou-data-')),
    });
    expect(r.stderr).toMatch(/^(note: .*\n)*$/);
    expect(r.code).toBe(0);
  });

  it('checks a valid configuration', async () => {
    const r = await runCli(['check'], { KAKOU_NODE__ID: 'checked-node' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('checked-node');
  });

  it('reads everything serve will read, so "configuration ok" means the node starts', async () => {
    const ca = new TestCa();
    const a = ca.issue('terminal-a', 'kakou.local', 'server');
    const b = ca.issue('terminal-b', 'kakou.local', 'server');
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, '');
    const snapshot = join(dir, 'untrusted.ksnap');
    // Signed by the test issuer, which this configuration does not trust.
    writeFileSync(snapshot, signedDemoSnapshot());
    const config = join(dir, 'start-checks.json');
    writeFileSync(
      config,
      JSON.stringify({
        http: { certFile: a.cert, keyFile: b.key },
        mqtt: { url: 'mqtts://127.0.0.1:8883', caFile: join(dir, 'no-such-ca.pem') },
        storage: { dataDir: join(notADir, 'data') },
        snapshot: { file: snapshot, trustedKeys: ['ab'.repeat(32)] },
      }),
    );
    const r = await runCli(['check', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAKOU_E_CONFIG_INVALID');
    expect(r.stderr).toContain('mqtt.caFile: cannot read');
    expect(r.stderr).toMatch(/http: its TLS files do not load together/);
    expect(r.stderr).toMatch(/storage\.dataDir: .* cannot be written/);
    expect(r.stderr).toMatch(/snapshot\.file: .* not in snapshot\.trustedKeys/);

    // The same pair, matched, and a folder that can be made: all well.
    writeFileSync(
      config,
      JSON.stringify({ http: { certFile: a.cert, keyFile: a.key }, storage: { dataDir: join(dir, 'new', 'data') } }),
    );
    const ok = await runCli(['check', '--config', config]);
    expect(ok.stderr).toMatch(/^(warning: .*\n?)*$/);
    expect(ok.code).toBe(0);
  });
});
