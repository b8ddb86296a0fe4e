import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { nodeKeyFile } from '../sync/create-sync.js';
import { KakouError } from '../errors.js';
import { backupDataDir, restoreDataDir, type BackupManifest } from '../storage/backup.js';
import { KEY_LEFT_OUT, type KeyChoice } from '../storage/backup-key.js';
import { readFileSync } from 'node:fs';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

/** The node's data folder and signing key, as its configuration places them. */
function placesOf(ctx: CliContext, config: string | undefined): { dataDir: string; keyFile: string } {
  const file = config ?? ctx.env.KAKOU_CONFIG;
  if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', 'needs --config FILE (or KAKOU_CONFIG) to find storage.dataDir');
  const loaded = loadConfig({ file: resolve(ctx.cwd, file), env: ctx.env });
  if (loaded.storage.dataDir === ':memory:')
    throw new KakouError('KAKOU_E_CLI_USAGE', 'storage.dataDir is :memory:, which has nothing to back up or restore');
  const dataDir = resolve(ctx.cwd, loaded.storage.dataDir);
  return { dataDir, keyFile: resolve(ctx.cwd, nodeKeyFile({ ...loaded, storage: { ...loaded.storage, dataDir } })) };
}

const KEY_OPTIONS = {
  'key-passphrase-file': { type: 'string' },
  'without-key': { type: 'boolean' },
} as const;

/** The operator's choice for the signing key: a passphrase (from a file or KAKOU_BACKUP_PASSPHRASE), or leaving it out. */
function keyChoice(ctx: CliContext, values: { 'key-passphrase-file'?: string; 'without-key'?: boolean }): KeyChoice {
  if (values['without-key']) return 'leave-out';
  const file = values['key-passphrase-file'];
  if (!file) return { passphrase: ctx.env.KAKOU_BACKUP_PASSPHRASE ?? '' };
  try {
    return { passphrase: readFileSync(resolve(ctx.cwd, file), 'utf8').replace(/\r?\n$/, '') };
  } catch (err) {
    throw new KakouError('KAKOU_E_CLI_USAGE', `cannot read the passphrase file ${file}`, [
      `--key-passphrase-file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
}

const summary = (m: BackupManifest) =>
  [
    `schema ${m.schemaVersion}`,
    `${m.inspections} inspection record(s)`,
    `${m.outboxPending} awaiting upload`,
    `${m.photoFiles} photo file(s)`,
    `${m.dbBytes} bytes`,
    ...(m.nodeKey ? [m.nodeKey.sealed ? 'the node signing key (sealed)' : 'the node signing key'] : []),
  ].join(', ');

export const backupCommand: Command = {
  name: 'backup',
  usage: `Usage: kakou backup --config FILE --out DIR (--key-passphrase-file FILE | --without-key)

Backs up the node's data folder while the node runs: an online copy of the SQLite database
(consistent at one instant, writers are not stopped), the inspection photos, the node's signing
key sealed with a passphrase (so a node restored onto a new disk resumes its uplink as the central
knows it), and a manifest with SHA-256s and record counts. DIR must be new; a backup is never
overwritten. The passphrase (at least 12 characters) comes from --key-passphrase-file or
KAKOU_BACKUP_PASSPHRASE; --without-key leaves the key out, and a node restored from such a backup
must be registered again at the central.
Exit codes: 0 done, 1 the backup failed, 2 bad usage or configuration.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      config: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      ...KEY_OPTIONS,
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (!values.out) throw new KakouError('KAKOU_E_CLI_USAGE', 'kakou backup needs --out DIR');
    const { dataDir, keyFile } = placesOf(ctx, values.config);
    const key = keyChoice(ctx, values);
    const manifest = await backupDataDir(dataDir, resolve(ctx.cwd, values.out), { keyFile, key });
    ctx.out(`backup written to ${resolve(ctx.cwd, values.out)}: ${summary(manifest)}`);
    if (key === 'leave-out') ctx.err(`warning: ${KEY_LEFT_OUT}`);
    return EXIT.ok;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: `Usage: kakou restore --config FILE --from DIR [--force] [--key-passphrase-file FILE | --without-key]

Puts a backup made by kakou backup in place of the node's database, after checking its manifest,
SHA-256 and SQLite integrity, and puts the signing key back (opened with the backup's passphrase)
where sync.keyFile (or the data folder) says. Refused while a node runs on the data folder. An
existing database is replaced only with --force, and is kept beside the restored one
(kakou.db.replaced-<time>), never deleted; so is a different key. At its next start the node asks
the central where its chain stands and continues after it with a signed restore marker, sending
nothing the central already has. Run it as the node's user (run as root, it hands what it wrote to
the data folder's owner). A backup from an older Kakou is migrated at the next start.
Exit codes: 0 done, 1 the backup cannot be restored, 2 bad usage or configuration.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      config: { type: 'string', short: 'c' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      ...KEY_OPTIONS,
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (!values.from) throw new KakouError('KAKOU_E_CLI_USAGE', 'kakou restore needs --from DIR');
    const { dataDir, keyFile } = placesOf(ctx, values.config);
    const manifest = await restoreDataDir(resolve(ctx.cwd, values.from), dataDir, {
      force: values.force === true,
      keyFile,
      key: keyChoice(ctx, values),
    });
    ctx.out(`restored into ${dataDir}: ${summary(manifest)} (backup of ${manifest.createdAt})`);
    if (manifest.keyLeftOut || values['without-key']) ctx.err(`warning: ${KEY_LEFT_OUT}`);
    return EXIT.ok;
  },
};
