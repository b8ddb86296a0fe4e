import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

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
    const r = await runCli(['check', '--config', join(import.meta.dirname, '..', '..', 'kakou.example.yaml')], {
      KAKOU_MQTT__PASSWORD_FILE: pw,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('checks a valid configuration', async () => {
    const r = await runCli(['check'], { KAKOU_NODE__ID: 'checked-node' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('checked-node');
  });
});
