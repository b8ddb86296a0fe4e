import { createPublicKey } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { readTlsFiles } from '../config/tls-files.js';
import { KakouError } from '../errors.js';
import { centralBase, centralTransport, nodeKeyFile } from '../sync/create-sync.js';
import { loadOrCreateNodeKey } from '../sync/node-key.js';
import { generateNodeKey, keyId, rawPublicKey, rotationMessage, signBytes } from '../sync/signing.js';
import { UplinkClient } from '../sync/uplink-client.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

export const keysCommand: Command = {
  name: 'keys',
  usage: `Usage: kakou keys generate --out FILE
       kakou keys show [--config FILE]
       kakou keys rotate [--config FILE]

generate  creates an Ed25519 key pair for signing credit snapshots (a central system's issuer
          key) and writes the private key to FILE (PEM, mode 0600, never overwritten). Prints the
          public key (hex) to put in each node's snapshot.trustedKeys, and its key id.
show      prints this node's uplink key (sync.keyFile, created if there is none yet): the public
          key an administrator registers at the central (kakou central nodes add --key HEX).
rotate    hands this node's identity at the central to a new key: the new key is registered
          with a rotation signed by the current one, then replaces it in sync.keyFile (the old
          file is kept beside it, renamed). Stop the node first, start it after.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { out: { type: 'string', short: 'o' }, config: { type: 'string', short: 'c' } },
      true,
    );
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (positionals[0] === 'show') return show(ctx, values.config);
    if (positionals[0] === 'rotate') return rotate(ctx, values.config);
    if (positionals[0] !== 'generate' || !values.out)
      throw new KakouError('KAKOU_E_CLI_USAGE', 'use: kakou keys generate --out FILE | show | rotate');
    const file = resolve(ctx.cwd, values.out);
    const { privatePem, privateKey } = generateNodeKey();
    try {
      writeFileSync(file, privatePem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw new KakouError(
        'KAKOU_E_CLI_USAGE',
        `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)} (an existing key is never overwritten)`,
      );
    }
    const pub = rawPublicKey(createPublicKey(privateKey));
    ctx.out(`private key: ${file}`);
    ctx.out(`public key:  ${pub.toString('hex')}`);
    ctx.out(`key id:      ${keyId(pub)}`);
    return EXIT.ok;
  },
};

function nodeConfig(ctx: CliContext, file: string | undefined) {
  const f = file ?? ctx.env.KAKOU_CONFIG;
  return loadConfig({ ...(f && { file: resolve(ctx.cwd, f) }), env: ctx.env });
}

function show(ctx: CliContext, configFile: string | undefined): number {
  const config = nodeConfig(ctx, configFile);
  const key = loadOrCreateNodeKey(resolve(ctx.cwd, nodeKeyFile(config)));
  ctx.out(`node id:    ${config.node.id}`);
  ctx.out(`public key: ${key.publicRaw.toString('hex')}`);
  ctx.out(`key id:     ${key.keyId}`);
  return EXIT.ok;
}

async function rotate(ctx: CliContext, configFile: string | undefined): Promise<number> {
  const config = nodeConfig(ctx, configFile);
  const transport = centralTransport(
    config,
    readTlsFiles({
      sync: { caFile: config.sync.caFile, certFile: config.sync.certFile, keyFile: config.sync.tlsKeyFile },
    }).sync,
  );
  if (!transport)
    throw new KakouError(
      'KAKOU_E_CLI_USAGE',
      'rotating the uplink key needs sync.centralUrl: the central must learn the new key',
    );
  const file = resolve(ctx.cwd, nodeKeyFile(config));
  if (!existsSync(file)) throw new KakouError('KAKOU_E_CLI_USAGE', `no node key at ${file} to rotate from`);
  const old = loadOrCreateNodeKey(file);
  const next = generateNodeKey();
  const nextPublic = rawPublicKey(createPublicKey(next.privateKey));
  const client = new UplinkClient(centralBase(config), config.sync.requestTimeoutMs, transport);
  await client.register({
    nodeId: config.node.id,
    publicKey: nextPublic,
    name: config.node.name,
    rotationSignature: signBytes(old.privateKey, rotationMessage(config.node.id, nextPublic)),
  });
  // Only once the central holds the new key does it replace the old one here.
  const aside = `${file}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  writeFileSync(file, next.privatePem, { mode: 0o600, flag: 'wx' });
  ctx.out(`rotated: ${old.keyId} -> ${keyId(nextPublic)} (old key kept as ${aside})`);
  return EXIT.ok;
}
