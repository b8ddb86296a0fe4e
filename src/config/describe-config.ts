import { ConfigSchema } from './schema.js';
import { envName, leaves } from './env-overrides.js';

function typeOf(s: Record<string, unknown>): string {
  const anyOf = s.anyOf as Array<Record<string, unknown>> | undefined;
  if (anyOf) return anyOf.map((a) => JSON.stringify(a.const)).join(' \\| ');
  if (s.type === 'array') return 'list';
  return String(s.type);
}

function range(s: Record<string, unknown>): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${String(s.minimum)}`);
  if (s.maximum !== undefined) parts.push(`≤ ${String(s.maximum)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The configuration reference as a Markdown table, generated from the schema (README.md embeds it). */
export function configReference(): string {
  const rows = leaves(ConfigSchema).map(({ path, schema }) => {
    const def = JSON.stringify(schema.default ?? null).replace(/\|/g, '\\|');
    const desc = String(schema.description ?? '').replace(/\|/g, '\\|');
    return `| \`${path.join('.')}\` | \`${envName(path)}\` | ${typeOf(schema)}${range(schema)} | \`${def}\` | ${desc} |`;
  });
  return ['| setting | environment | type | default | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
