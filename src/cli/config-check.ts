import { resolve } from 'node:path';
import { configReference } from '../config/describe-config.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { profileJsonSchema } from '../normalize/profiles/profile-schema.js';
import { policyJsonSchema } from '../scoring/policy.js';
import { policyInForce } from '../app/policy-in-force.js';
import { KakouError } from '../errors.js';
import { inputProblems } from '../ingest/stream-inputs.js';
import { loadProfiles, type LoadedProfile } from '../normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../paths.js';
import { EXIT, type Command } from './context.js';
import { startProblems } from './start-checks.js';
import { isRecordKind, RECORD_KINDS } from '../domain/record-kinds.js';
import { payloadJsonSchema } from '../sync/payload-schemas.js';
import { reportJsonSchema } from '../central/report-schema.js';
import { parseCommandArgs } from './parse.js';

/** Loopback addresses: a terminal served only to this machine needs no TLS. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Settings that work but put the site at risk: printed by `kakou check`, never fatal. */
export function configWarnings(config: Config, profiles: readonly LoadedProfile[] = []): string[] {
  const out: string[] = [];
  for (const p of profiles) {
    if (p.opcua?.securityMode === 'None')
      out.push(
        `device profile ${p.profile.id} reads OPC UA without message security: anyone on the network reads and forges its values (a lab only)`,
      );
    if (p.opcua?.acceptUnknownServerCertificate)
      out.push(
        `device profile ${p.profile.id} accepts any OPC UA server certificate: whoever answers at the endpoint feeds the node (a lab only)`,
      );
  }
  if (!config.http.certFile && !LOOPBACK.test(config.http.host)) {
    out.push(
      `http.host ${config.http.host} serves the terminal to the LAN over plain HTTP: passwords and session cookies ` +
        'cross the network in clear. Set http.certFile and http.keyFile (kakou certs self-signed makes a pair).',
    );
  }
  if (config.sync.centralUrl.startsWith('http://'))
    out.push(
      'sync.centralUrl is plain HTTP: records go upstream signed but readable; use https:// with sync.caFile or sync.pinSha256.',
    );
  return out;
}

export const configCheckCommand: Command = {
  name: 'check',
  usage: `Usage: kakou check [--config FILE] [--config-reference] [--profile-schema] [--policy-schema] [--payload-schema KIND] [--report-schema]

Loads the configuration (file plus KAKOU_* environment), the device profiles and policy it names,
and reads every file serve will read (TLS certificates and keys, secrets, the signing key, the
snapshot file) and the folders it will write, as the user running it: run it as the service's
user (sudo -u kakou kakou check). Reports every problem at once. Exit code 0 when the node will
start, 2 otherwise.

Options:
  -c, --config FILE     YAML or JSON configuration (KAKOU_CONFIG also names it)
      --config-reference  print the configuration reference (Markdown) and exit
      --profile-schema    print the device profile JSON Schema and exit
      --policy-schema     print the targeting policy JSON Schema and exit
      --payload-schema KIND  print the uplink payload JSON Schema of a record kind (sync/schemas/) and exit
      --report-schema     print the JSON Schema of the central's node report and exit
  -h, --help            show this help`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      config: { type: 'string', short: 'c' },
      'config-reference': { type: 'boolean' },
      'profile-schema': { type: 'boolean' },
      'policy-schema': { type: 'boolean' },
      'payload-schema': { type: 'string' },
      'report-schema': { type: 'boolean' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (values['config-reference']) {
      ctx.out(configReference());
      return EXIT.ok;
    }
    if (values['policy-schema']) {
      ctx.out(JSON.stringify(policyJsonSchema(), null, 2));
      return EXIT.ok;
    }
    if (values['report-schema']) {
      ctx.out(JSON.stringify(reportJsonSchema(), null, 2));
      return EXIT.ok;
    }
    if (values['payload-schema'] !== undefined) {
      const kind = values['payload-schema'];
      if (!isRecordKind(kind))
        throw new KakouError('KAKOU_E_CLI_USAGE', `no record kind ${kind}`, [
          `--payload-schema: one of ${Object.keys(RECORD_KINDS).join(', ')}`,
        ]);
      ctx.out(JSON.stringify(payloadJsonSchema(kind), null, 2));
      return EXIT.ok;
    }
    if (values['profile-schema']) {
      ctx.out(JSON.stringify(profileJsonSchema(), null, 2));
      return EXIT.ok;
    }
    const file = values.config ?? ctx.env.KAKOU_CONFIG;
    const config = loadConfig({ ...(file && { file: resolve(ctx.cwd, file) }), env: ctx.env });
    const profiles = loadProfiles(config.deviceProfiles.dir || DEFAULT_PROFILE_DIR, config.deviceProfiles.enabled);
    const { policy } = policyInForce(config);
    const atStart = await startProblems(config, Date.now());
    const problems = [...inputProblems(config, profiles), ...atStart.problems];
    if (problems.length > 0)
      throw new KakouError(
        'KAKOU_E_CONFIG_INVALID',
        `the node would not start: ${problems.length} problem(s)`,
        problems,
      );
    for (const w of configWarnings(config, profiles)) ctx.err(`warning: ${w}`);
    for (const n of atStart.notes) ctx.err(`note: ${n}`);
    ctx.out(
      `configuration ok: node ${config.node.id}, policy ${policy.name}@${policy.version}, ` +
        `${profiles.length} device profile(s): ${profiles.map((p) => p.profile.id).join(', ')}`,
    );
    return EXIT.ok;
  },
};
