import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spkiPin } from '../config/tls-files.js';
import { KakouError } from '../errors.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

const IP = /^(\d{1,3}\.){3}\d{1,3}$|:/;

export const certsCommand: Command = {
  name: 'certs',
  usage: `Usage:
  kakou certs self-signed --out DIR --host NAME[,NAME...] [--days N]
                          a certificate and key for the terminal (or a test central) at a site without a CA
  kakou certs pin FILE    the pin of a certificate's public key, for sync.pinSha256

self-signed writes DIR/cert.pem and DIR/key.pem (ECDSA P-256, mode 0600 for the key, never
overwritten) valid for the given host names and IP addresses, by running openssl. Put them in
http.certFile and http.keyFile, and install cert.pem as trusted on the officers' terminals.
pin prints the base64 SHA-256 of the certificate's SubjectPublicKeyInfo.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { out: { type: 'string', short: 'o' }, host: { type: 'string' }, days: { type: 'string' } },
      true,
    );
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const [verb, file] = positionals;
    if (verb === 'pin') {
      if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', 'use: kakou certs pin FILE');
      ctx.out(spkiPin(new X509Certificate(readFileSync(resolve(ctx.cwd, file)))));
      return EXIT.ok;
    }
    if (verb !== 'self-signed' || !values.out || !values.host)
      throw new KakouError('KAKOU_E_CLI_USAGE', 'use: kakou certs self-signed --out DIR --host NAME[,NAME...]');
    const hosts = values.host
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const days = Number(values.days ?? 825);
    if (!Number.isInteger(days) || days < 1)
      throw new KakouError('KAKOU_E_CLI_USAGE', '--days must be a positive whole number');
    const dir = resolve(ctx.cwd, values.out);
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    if (existsSync(cert) || existsSync(key))
      throw new KakouError('KAKOU_E_CLI_USAGE', `${dir} already holds cert.pem or key.pem; they are never overwritten`);
    mkdirSync(dir, { recursive: true });
    const san = hosts.map((h) => (IP.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          String(days),
          '-subj',
          `/CN=${hosts[0]}/O=Kakou checkpoint node`,
          '-addext',
          `subjectAltName=${san}`,
          '-addext',
          'basicConstraints=critical,CA:FALSE',
          '-addext',
          'extendedKeyUsage=serverAuth',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      chmodSync(key, 0o600);
    } catch (err) {
      throw new KakouError('KAKOU_E_CLI_USAGE', 'openssl could not make the certificate (is openssl installed?)', [
        String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim(),
      ]);
    }
    ctx.out(`certificate: ${cert}`);
    ctx.out(`key:         ${key}`);
    ctx.out(`pin:         ${spkiPin(new X509Certificate(readFileSync(cert)))}`);
    return EXIT.ok;
  },
};
