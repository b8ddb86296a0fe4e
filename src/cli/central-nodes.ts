import { join, resolve } from 'node:path';
import { systemClock } from '../clock.js';
import { addNode, issueEnrolmentToken } from '../central/node-admin.js';
import { replaceNodeKey, revokeNode } from '../central/node-lifecycle.js';
import type { CentralStore } from '../domain/central-store.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { keyId } from '../sync/signing.js';
import { EXIT, type CliContext } from './context.js';
import { parseCommandArgs } from './parse.js';

/** The central's store from --database-url (PostgreSQL) or --data-dir (SQLite). */
export async function openStore(
  ctx: CliContext,
  values: { 'database-url'?: string | boolean | undefined; 'data-dir'?: string | boolean | undefined },
  log: Logger,
): Promise<CentralStore> {
  const url = (values['database-url'] as string | undefined) ?? ctx.env.KAKOU_CENTRAL_DATABASE_URL;
  let store: CentralStore;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new KakouError('KAKOU_E_CLI_USAGE', '--database-url must be a postgres:// URL');
    const { PostgresCentralStore } = await import('../storage/central-postgres.js');
    store = new PostgresCentralStore(url);
  } else {
    const { SqliteCentralStore } = await import('../storage/central-sqlite.js');
    store = new SqliteCentralStore(
      join(resolve(ctx.cwd, (values['data-dir'] as string | undefined) ?? 'central-data'), 'central.db'),
      log,
    );
  }
  await store.init();
  return store;
}

/** `kakou central nodes ...`: the administrator's side of enrolment, against the central's database. */
export async function nodesCommand(ctx: CliContext, args: string[], usage: string): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseCommandArgs(rest, {
    id: { type: 'string' },
    key: { type: 'string' },
    name: { type: 'string' },
    'ttl-hours': { type: 'string' },
    reason: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
  });
  if (values.help || !action) {
    ctx.out(usage);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const store = await openStore(ctx, values, ctx.logger(ctx.env.KAKOU_LOG__LEVEL ?? 'warn'));
  try {
    const now = systemClock.now();
    if (action === 'list') {
      for (const n of await store.nodes())
        ctx.out(
          `${n.nodeId}\t${keyId(n.publicKey)}\t${n.publicKey.toString('hex')}\t${n.name}\tcontiguous ${n.contiguous}` +
            (n.revokedAtMs === null ? '' : `\trevoked ${new Date(n.revokedAtMs).toISOString()}: ${n.revokedReason}`),
        );
      return EXIT.ok;
    }
    if (!values.id) throw new KakouError('KAKOU_E_CLI_USAGE', `nodes ${action} needs --id`);
    if (action === 'add') {
      if (!values.key)
        throw new KakouError('KAKOU_E_CLI_USAGE', "nodes add needs --key (the node's raw public key, 64 hex digits)");
      const outcome = await addNode(store, values.id, values.key, values.name ?? values.id, now);
      ctx.out(`node ${values.id} ${outcome === 'created' ? 'registered' : 'already registered with this key'}`);
      return EXIT.ok;
    }
    if (action === 'token') {
      const hours = Number(values['ttl-hours'] ?? 24 * 7);
      if (!(hours > 0 && hours <= 24 * 90))
        throw new KakouError('KAKOU_E_CLI_USAGE', '--ttl-hours must be between 0 and 2160');
      const { token, expiresAt } = await issueEnrolmentToken(store, values.id, now, hours * 3_600_000);
      ctx.err(
        `One-time enrolment token for node ${values.id}, good until ${expiresAt} (set sync.enrolmentToken or KAKOU_SYNC__ENROLMENT_TOKEN on the node):`,
      );
      ctx.out(token);
      return EXIT.ok;
    }
    if (action === 'revoke') {
      const node = await revokeNode(store, values.id, values.reason, now);
      ctx.out(
        `node ${node.nodeId} revoked at ${new Date(node.revokedAtMs ?? now).toISOString()}: ${node.revokedReason}`,
      );
      return EXIT.ok;
    }
    if (action === 'replace-key') {
      const done = await replaceNodeKey(store, values.id, values.key, values.reason, now);
      ctx.out(`node ${values.id} now signs with key ${done.to} (was ${done.from}); it is in service`);
      return EXIT.ok;
    }
    throw new KakouError('KAKOU_E_CLI_USAGE', `unknown nodes action ${action} (add, token, list, revoke, replace-key)`);
  } finally {
    await store.close();
  }
}
