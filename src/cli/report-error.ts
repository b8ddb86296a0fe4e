import { isKakouError } from '../errors.js';
import { EXIT, type CliContext } from './context.js';

/** Prints an error with its code and every detail line; returns the exit code it deserves. */
export function reportError(ctx: CliContext, err: unknown): number {
  if (isKakouError(err)) {
    ctx.err(`kakou: ${err.code}: ${err.message}`);
    for (const d of err.details) ctx.err(`  - ${d}`);
    const usage =
      err.code === 'KAKOU_E_CONFIG_INVALID' ||
      err.code === 'KAKOU_E_CONFIG_FILE' ||
      err.code === 'KAKOU_E_PROFILE_INVALID' ||
      err.code === 'KAKOU_E_POLICY_INVALID' ||
      err.code === 'KAKOU_E_CLI_USAGE';
    return usage ? EXIT.usage : EXIT.failure;
  }
  ctx.err(`kakou: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return EXIT.failure;
}
