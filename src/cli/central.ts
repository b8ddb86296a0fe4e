import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCentral } from '../central/central-server.js';
import type { CentralStore } from '../central/central-store.js';
import { systemClock } from '../clock.js';
import { KakouError } from '../errors.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

export const centralCommand: Command = {
  name: 'central',
  usage: `Usage: kakou central [--port N] [--host ADDR] [--data-dir DIR | --database-url URL] [options]

The reference central receiver: registers nodes by public key, receives signed uplink batches,
verifies signatures and hash chains, stores every record once, and reports per node the gaps in
its sequence (possible concealment) and records later than 7 working days.

Options:
  -p, --port N              listen port (default 8090)
      --host ADDR           listen address (default 127.0.0.1)
      --data-dir DIR        SQLite database folder (default ./central-data)
      --database-url URL    postgres://... to store records in PostgreSQL instead
      --snapshot FILE       credit snapshot served at GET /v1/snapshot
      --token-file FILE     admin token for the report routes (else KAKOU_CENTRAL_TOKEN, else one is generated and printed)
      --no-enrol            refuse registrations of node ids not already known
      --cert FILE --key FILE  serve HTTPS with this certificate and key (PEM)
      --client-ca FILE      with HTTPS: accept only nodes whose client certificate this CA signed (mutual TLS)
      --utc-offset-minutes N  local time for the working-day rule (default 480)
  -h, --help                show this help`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      snapshot: { type: 'string' },
      'token-file': { type: 'string' },
      'no-enrol': { type: 'boolean' },
      'utc-offset-minutes': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'client-ca': { type: 'string' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const port = Number(values.port ?? 8090);
    const offset = Number(values['utc-offset-minutes'] ?? 480);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KakouError('KAKOU_E_CLI_USAGE', '--port must be a port number');
    if (!Number.isInteger(offset)) throw new KakouError('KAKOU_E_CLI_USAGE', '--utc-offset-minutes must be an integer');
    const log = ctx.logger(ctx.env.KAKOU_LOG__LEVEL ?? 'info');
    const url = values['database-url'] ?? ctx.env.KAKOU_CENTRAL_DATABASE_URL;
    let store: CentralStore;
    if (url) {
      if (!/^postgres(ql)?:\/\//.test(url)) throw new KakouError('KAKOU_E_CLI_USAGE', '--database-url must be a postgres:// URL');
      const { PostgresCentralStore } = await import('../storage/central-postgres.js');
      store = new PostgresCentralStore(url);
    } else {
      const { SqliteCentralStore } = await import('../storage/central-sqlite.js');
      store = new SqliteCentralStore(join(resolve(ctx.cwd, values['data-dir'] ?? 'central-data'), 'central.db'), log);
    }
    await store.init();
    let token = values['token-file'] ? readFileSync(resolve(ctx.cwd, values['token-file']), 'utf8').trim() : ctx.env.KAKOU_CENTRAL_TOKEN ?? '';
    if (!token) {
      token = randomBytes(16).toString('hex');
      ctx.err(`Central admin token (for /v1/nodes and reports): ${token}`);
    }
    if (!values.cert !== !values.key) throw new KakouError('KAKOU_E_CLI_USAGE', '--cert and --key go together');
    if (values['client-ca'] && !values.cert) throw new KakouError('KAKOU_E_CLI_USAGE', '--client-ca needs --cert and --key');
    const read = (f: string) => readFileSync(resolve(ctx.cwd, f));
    const https = values.cert && values.key ? { cert: read(values.cert), key: read(values.key), ...(values['client-ca'] && { ca: read(values['client-ca']) }) } : undefined;
    const app = await buildCentral({
      ...(https && { https }),
      store, clock: systemClock, log, adminToken: token, utcOffsetMinutes: offset, enrol: !values['no-enrol'],
      ...(values.snapshot && { snapshotFile: resolve(ctx.cwd, values.snapshot) }),
    });
    await app.listen({ host: values.host ?? '127.0.0.1', port });
    const address = app.server.address();
    ctx.err(`Kakou central listening on ${https ? 'https' : 'http'}://${values.host ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : port}/ (${store.kind})`);
    const signal = await ctx.shutdownRequested();
    log.info({ signal }, 'stopping central');
    await app.close();
    await store.close();
    return EXIT.ok;
  },
};
