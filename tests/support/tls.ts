import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Issued {
  cert: string;
  key: string;
}

/** A throwaway certificate authority made with openssl, issuing server and client certificates. */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'kakou-ca-'));
  readonly cert = join(this.dir, 'ca.pem');
  private readonly key = join(this.dir, 'ca-key.pem');

  constructor() {
    this.openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      this.key,
      '-out',
      this.cert,
      '-days',
      '2',
      '-subj',
      '/CN=Kakou test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }

  /** A certificate for `cn`: a server one with its SAN names, or a client one. */
  issue(name: string, cn: string, kind: 'server' | 'client', san = 'DNS:localhost,IP:127.0.0.1'): Issued {
    const key = join(this.dir, `${name}-key.pem`);
    const csr = join(this.dir, `${name}.csr`);
    const cert = join(this.dir, `${name}.pem`);
    const ext = join(this.dir, `${name}.ext`);
    this.openssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=${cn}`,
    ]);
    const lines =
      kind === 'server' ? [`subjectAltName=${san}`, 'extendedKeyUsage=serverAuth'] : ['extendedKeyUsage=clientAuth'];
    writeFileSync(ext, `${lines.join('\n')}\nbasicConstraints=CA:FALSE\n`);
    this.openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      this.cert,
      '-CAkey',
      this.key,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '2',
      '-extfile',
      ext,
    ]);
    return { cert, key };
  }

  read(file: string): Buffer {
    return readFileSync(file);
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}
