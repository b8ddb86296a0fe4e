import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCentral } from '../central/central-server.js';
import { systemClock } from '../clock.js';
import { KakouError } from '../errors.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';
import { nodesCommand, openStore } from './central-nodes.js';
import { outcomesCommand } from './central-outcomes.js';
import { PACKAGE_ROOT } from '../paths.js';
import { loadWorkCalendar } from '../central/working-days.js';

export const centralCommand: Command = {
  name: 'central',
  usage: `Usage: kakou central [--port N] [--host ADDR] [--data-dir DIR | --database-url URL] [options]
       kakou central nodes add --id ID --key HEX [--name NAME] [--data-dir DIR | --database-url URL]
       kakou central nodes token --id ID [--ttl-hours H] [--data-dir DIR | --database-url URL]
       kakou central nodes list [--data-dir DIR | --database-url URL]
       kakou central nodes revoke --id ID --reason TEXT [--data-dir DIR | --database-url URL]
       kakou central nodes replace-key --id ID --key HEX --reason TEXT [--data-dir DIR | --database-url URL]
       kakou central outcomes [--node ID] [--since ISO] [--out FILE] [--data-dir DIR | --database-url URL]

The reference central receiver: registers nodes by public key, receives signed uplink batches,
verifies signatures and hash chains, stores every record once, and reports per node the gaps in
its sequence (possible concealment) and records later than 7 working days. Several instances
may serve one PostgreSQL database behind a load balancer.

A node is known to the central before it sends: an administrator registers its public key
(nodes add; the node prints it with kakou keys show) or issues it a one-time enrolment token
(nodes token; the node presents it as sync.enrolmentToken at its first registration). A node
taken out of service, or whose key was compromised, is revoked (nodes revoke): its records stay,
nothing more is taken from it. A node that lost its key, or is re-keyed after a compromise, goes on
under its id with a new key only by an administrator's decision (nodes replace-key).

Every node's inspection records carry what they found; outcomes joins each standing inspection
(as corrected; voided ones left out) to the decision that put the passage on the list, with every
factor the node found priced or not, one kakou-outcome/1 line each: the data a province refits its
policy on (kakou policy fit --records FILE), to sign and distribute it (kakou policy sign, --policy).

Options:
  -p, --port N              listen port (default 8090)
      --host ADDR           listen address (default 127.0.0.1)
      --data-dir DIR        SQLite database folder (default ./central-data)
      --database-url URL    postgres://... to store records in PostgreSQL instead
      --snapshot FILE       credit snapshot served at GET /v1/snapshot
      --policy FILE         signed targeting policy (kakou policy sign) served at GET /v1/policy
      --token-file FILE     admin token for the report routes (else KAKOU_CENTRAL_TOKEN, else one is generated and printed)
      --trust-on-first-use  register unknown node ids with the first key they present (a lab only)
      --cert FILE --key FILE  serve HTTPS with this certificate and key (PEM)
      --client-ca FILE      with HTTPS: accept only nodes whose client certificate this CA signed (mutual TLS)
      --utc-offset-minutes N  local time for the working-day rule of nodes that do not state theirs (default 480)
      --calendar-dir DIR      public holidays and make-up working days per year (default: sync/calendars)
  -h, --help                show this help`,
  async run(ctx, args) {
    if (args[0] === 'nodes') return nodesCommand(ctx, args.slice(1), this.usage);
    if (args[0] === 'outcomes') return outcomesCommand(ctx, args.slice(1), this.usage);
    const { values } = parseCommandArgs(args, {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      snapshot: { type: 'string' },
      policy: { type: 'string' },
      'token-file': { type: 'string' },
      'trust-on-first-use': { type: 'boolean' },
      'utc-offset-minutes': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'client-ca': { type: 'string' },
      'calendar-dir': { type: 'string' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const port = Number(values.port ?? 8090);
    const offset = Number(values['utc-offset-minutes'] ?? 480);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new KakouError('KAKOU_E_CLI_USAGE', '--port must be a port number');
    if (!Number.isInteger(offset)) throw new KakouError('KAKOU_E_CLI_USAGE', '--utc-offset-minutes must be an integer');
    const log = ctx.logger(ctx.env.KAKOU_LOG__LEVEL ?? 'info');
    const store = await openStore(ctx, values, log);
    let token = values['token-file']
      ? readFileSync(resolve(ctx.cwd, values['token-file']), 'utf8').trim()
      : (ctx.env.KAKOU_CENTRAL_TOKEN ?? '');
    if (!token) {
      token = randomBytes(16).toString('hex');
      ctx.err(`Central admin token (for /v1/nodes and reports): ${token}`);
    }
    if (!values.cert !== !values.key) throw new KakouError('KAKOU_E_CLI_USAGE', '--cert and --key go together');
    if (values['client-ca'] && !values.cert)
      throw new KakouError('KAKOU_E_CLI_USAGE', '--client-ca needs --cert and --key');
    const read = (f: string) => readFileSync(resolve(ctx.cwd, f));
    const https =
      values.cert && values.key
        ? {
            cert: read(values.cert),
            key: read(values.key),
            ...(values['client-ca'] && { ca: read(values['client-ca']) }),
          }
        : undefined;
    const app = await buildCentral({
      ...(https && { https }),
      store,
      clock: systemClock,
      log,
      adminToken: token,
      utcOffsetMinutes: offset,
      calendar: loadWorkCalendar(
        values['calendar-dir'] ? resolve(ctx.cwd, values['calendar-dir']) : join(PACKAGE_ROOT, 'sync', 'calendars'),
      ),
      trustOnFirstUse: values['trust-on-first-use'] === true,
      ...(values.snapshot && { snapshotFile: resolve(ctx.cwd, values.snapshot) }),
      ...(values.policy && { policyFile: resolve(ctx.cwd, values.policy) }),
    });
    await app.listen({ host: values.host ?? '127.0.0.1', port });
    const address = app.server.address();
    const listening = typeof address === 'object' && address ? address.port : port;
    ctx.err(
      `Kakou central listening on ${https ? 'https' : 'http'}://${values.host ?? '127.0.0.1'}:${listening}/ (${store.kind})`,
    );
    const signal = await ctx.shutdownRequested();
    log.info({ signal }, 'stopping central');
    await app.close();
    await store.close();
    return EXIT.ok;
  },
};
