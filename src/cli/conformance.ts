import { KakouError } from '../errors.js';
import { Conformance } from '../sync/conformance.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

export const conformanceCommand: Command = {
  name: 'conformance',
  usage: `Usage: kakou conformance central --url URL --node-id ID --token TOKEN

Runs the node side of the uplink contract (sync/README.md) against a central, any implementation:
registration, a golden record of every kind, resends (also with new records after a lost
acknowledgement), an evicted record, a seq twice in a batch, lanes out of order, every per-record
refusal (an invalid payload of every kind among them), a tombstone, whole-request refusals
(garbage, a forged signature, an unknown node, an unknown version, an oversized body) and the
watermark. Prints one line per check with the README section it tests. TOKEN is the enrolment
token the central issued for the node id ID (--enrolment-token is the same option), which must be
new to it: the run stores records under it.
Exit codes: 0 every check passed, 1 some failed, 2 bad usage.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        url: { type: 'string' },
        'node-id': { type: 'string' },
        token: { type: 'string' },
        'enrolment-token': { type: 'string' },
      },
      true,
    );
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const token = values.token ?? values['enrolment-token'];
    if (positionals[0] !== 'central' || !values.url || !values['node-id'] || !token)
      throw new KakouError('KAKOU_E_CLI_USAGE', 'kakou conformance central needs --url, --node-id and --token');
    const base = new URL(values.url.endsWith('/') ? values.url : `${values.url}/`);
    const results = await new Conformance(base, values['node-id'], token).run();
    for (const r of results)
      ctx.out(
        `${r.ok ? 'pass' : 'FAIL'}  ${r.name.padEnd(52)} ${r.section.padEnd(28)} ${r.ok ? '' : r.detail}`.trimEnd(),
      );
    const failed = results.filter((r) => !r.ok).length;
    ctx.out(`${results.length - failed} of ${results.length} checks passed`);
    return failed === 0 ? EXIT.ok : EXIT.failure;
  },
};
