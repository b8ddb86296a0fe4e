import { resolve } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { KakouError } from '../errors.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: `Usage: kakou serve --config FILE

Runs the inspection node: subscribes to the site broker, scores targets against the stored
credit snapshot, and serves the officers' terminal and the API.

Options:
  -c, --config FILE   YAML or JSON configuration (KAKOU_CONFIG also names it)
  -h, --help          show this help

Every setting can be overridden by an environment variable KAKOU_<SECTION>__<NAME>,
for example KAKOU_HTTP__PORT=8081 or KAKOU_MQTT__PASSWORD=... (see README.md).
Exit codes: 0 stopped cleanly, 1 runtime failure, 2 bad configuration.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' } });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const file = values.config ?? ctx.env.KAKOU_CONFIG;
    if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', 'kakou serve needs --config FILE (or KAKOU_CONFIG)');
    const config = loadConfig({ file: resolve(ctx.cwd, file), env: ctx.env });
    const log = ctx.logger(config.log.level);
    const app = await createApp(config, { log });
    const { url, metricsUrl } = await app.start();
    log.info({ url, metricsUrl, node: config.node.id }, 'kakou node running');
    ctx.err(`Kakou terminal: ${url}`);
    if (metricsUrl) ctx.err(`Kakou metrics: ${metricsUrl}`);
    if (app.accounts.setupToken) {
      ctx.err(
        `No users yet. Open the terminal and create the administrator with setup token: ${app.accounts.setupToken}`,
      );
    }
    const signal = await ctx.shutdownRequested();
    log.info({ signal }, 'stopping');
    await app.stop();
    return EXIT.ok;
  },
};
