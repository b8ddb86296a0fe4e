import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KakouError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into KAKOU_E_CLI_USAGE. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
  } catch (err) {
    throw new KakouError('KAKOU_E_CLI_USAGE', (err as Error).message);
  }
}
