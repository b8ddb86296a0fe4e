import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { outcomes } from '../central/outcomes.js';
import { KakouError } from '../errors.js';
import { openStore } from './central-nodes.js';
import { EXIT, type CliContext } from './context.js';
import { parseCommandArgs } from './parse.js';

/**
 * `kakou central outcomes`: every node's standing inspections joined to the decisions that put the
 * passages on the list, one kakou-outcome/1 line each, for `kakou policy fit --records`.
 */
export async function outcomesCommand(ctx: CliContext, args: string[], usage: string): Promise<number> {
  const { values } = parseCommandArgs(args, {
    node: { type: 'string' },
    since: { type: 'string' },
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
  });
  if (values.help) {
    ctx.out(usage);
    return EXIT.ok;
  }
  const since = values.since === undefined ? 0 : Date.parse(values.since);
  if (!Number.isFinite(since)) throw new KakouError('KAKOU_E_CLI_USAGE', '--since: an ISO 8601 date or time');
  const store = await openStore(ctx, values, ctx.logger(ctx.env.KAKOU_LOG__LEVEL ?? 'warn'));
  const file = values.out ? createWriteStream(resolve(ctx.cwd, values.out)) : null;
  let rows = 0;
  let violations = 0;
  try {
    for await (const row of outcomes(store, { ...(values.node && { nodeId: values.node }), since })) {
      const line = `${JSON.stringify(row)}\n`;
      if (file) {
        if (!file.write(line)) await once(file, 'drain');
      } else ctx.out(line.trimEnd());
      rows++;
      if (row.violation) violations++;
    }
  } finally {
    if (file) await new Promise<void>((done, fail) => file.end((err?: Error | null) => (err ? fail(err) : done())));
    await store.close();
  }
  ctx.err(`${rows} inspected passages with their decisions (${violations} with a violation)`);
  return EXIT.ok;
}
