import type { TSchema } from 'typebox';

/** Environment names are KAKOU_ + the config path in upper snake case, segments joined by "__". */
export const ENV_PREFIX = 'KAKOU_';
/** Variables with the prefix that are not config paths but are still ours. */
const RESERVED = new Set([
  'KAKOU_CONFIG',
  'KAKOU_CENTRAL_TOKEN',
  'KAKOU_CENTRAL_DATABASE_URL',
  'KAKOU_BACKUP_PASSPHRASE',
]);

export function envName(path: readonly string[]): string {
  return ENV_PREFIX + path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__');
}

export interface Leaf {
  path: string[];
  schema: TSchema & Record<string, unknown>;
}

/** Every leaf (non-object) setting of a schema, in declaration order. */
export function leaves(schema: TSchema, path: string[] = []): Leaf[] {
  const s = schema as Record<string, unknown>;
  const props = s.properties as Record<string, TSchema> | undefined;
  if (s.type === 'object' && props) {
    return Object.entries(props).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [{ path, schema: s as TSchema & Record<string, unknown> }];
}

function parseValue(raw: string, schema: Record<string, unknown>): { value?: unknown; problem?: string } {
  const type = schema.type;
  if (type === 'integer' || type === 'number') {
    const n = Number(raw);
    return raw.trim() === '' || Number.isNaN(n) ? { problem: `"${raw}" is not a number` } : { value: n };
  }
  if (type === 'boolean') {
    if (/^(true|1|yes)$/i.test(raw)) return { value: true };
    if (/^(false|0|no)$/i.test(raw)) return { value: false };
    return { problem: `"${raw}" is not a boolean` };
  }
  if (type === 'array') {
    if (raw.trim().startsWith('[')) {
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch {
        return { problem: 'is not a JSON array' };
      }
    }
    return {
      value: raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    };
  }
  const anyOf = schema.anyOf as Array<Record<string, unknown>> | undefined;
  if (anyOf?.every((a) => 'const' in a)) {
    const match = anyOf.find((a) => String(a.const) === raw);
    return match
      ? { value: match.const }
      : { problem: `"${raw}" is not one of ${anyOf.map((a) => String(a.const)).join(', ')}` };
  }
  return { value: raw };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/**
 * Applies KAKOU_* variables onto a raw config object (mutating it). Returns the problems found,
 * each naming the variable, and the config paths that came from the environment.
 */
export function applyEnvOverrides(
  schema: TSchema,
  raw: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): { problems: string[]; fromEnv: Map<string, string> } {
  const problems: string[] = [];
  const fromEnv = new Map<string, string>();
  const known = new Map(leaves(schema).map((l) => [envName(l.path), l] as const));
  for (const [name, rawValue] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || rawValue === undefined || RESERVED.has(name)) continue;
    const leaf = known.get(name);
    if (!leaf) {
      problems.push(`${name}: unknown setting (see the configuration reference in README.md)`);
      continue;
    }
    const parsed = parseValue(rawValue, leaf.schema);
    if (parsed.problem) {
      problems.push(`${leaf.path.join('.')} (from ${name}): ${parsed.problem}`);
      continue;
    }
    setPath(raw, leaf.path, parsed.value);
    fromEnv.set(leaf.path.join('.'), name);
  }
  return { problems, fromEnv };
}
