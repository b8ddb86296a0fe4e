import { createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KakouError } from '../errors.js';
import { generateNodeKey, keyId, rawPublicKey } from '../sync/signing.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

export const keysCommand: Command = {
  name: 'keys',
  usage: `Usage: kakou keys generate --out FILE

Creates an Ed25519 key pair for signing credit snapshots (a central system's issuer key) and
writes the private key to FILE (PEM, mode 0600, never overwritten). Prints the public key (hex)
to put in each node's snapshot.trustedKeys, and its key id.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } }, true);
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (positionals[0] !== 'generate' || !values.out) throw new KakouError('KAKOU_E_CLI_USAGE', 'use: kakou keys generate --out FILE');
    const file = resolve(ctx.cwd, values.out);
    const { privatePem, privateKey } = generateNodeKey();
    try {
      writeFileSync(file, privatePem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw new KakouError('KAKOU_E_CLI_USAGE', `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)} (an existing key is never overwritten)`);
    }
    const pub = rawPublicKey(createPublicKey(privateKey));
    ctx.out(`private key: ${file}`);
    ctx.out(`public key:  ${pub.toString('hex')}`);
    ctx.out(`key id:      ${keyId(pub)}`);
    return EXIT.ok;
  },
};
