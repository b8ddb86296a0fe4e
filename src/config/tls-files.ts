import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KakouError } from '../errors.js';

/** Certificates and keys as read from files: what TLS clients and servers are given. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/**
 * Reads the TLS files a section names, at start: an unreadable file stops start-up with every
 * such problem listed, instead of failing at the first connection hours later.
 */
export function readTlsFiles<K extends string>(sections: Record<K, TlsFiles>): Record<K, TlsMaterial> {
  const problems: string[] = [];
  const out = {} as Record<K, TlsMaterial>;
  for (const [section, files] of Object.entries(sections) as Array<[K, TlsFiles]>) {
    const m: TlsMaterial = {};
    for (const [name, field] of [
      ['ca', 'caFile'],
      ['cert', 'certFile'],
      ['key', 'keyFile'],
    ] as const) {
      const file = files[field];
      if (!file) continue;
      try {
        m[name] = readFileSync(file);
      } catch (err) {
        problems.push(`${section}.${field}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    out[section] = m;
  }
  if (problems.length > 0) throw new KakouError('KAKOU_E_CONFIG_INVALID', 'TLS files cannot be read', problems);
  return out;
}

/**
 * The pin of a certificate: SHA-256 of its public key (SubjectPublicKeyInfo, DER), base64, as in
 * HPKP. It survives a renewal that keeps the key, and nothing else.
 */
export function spkiPin(cert: X509Certificate | Buffer): string {
  const x = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  return createHash('sha256')
    .update(x.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}
