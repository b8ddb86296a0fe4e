import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import Value from 'typebox/value';
import { KakouError } from '../errors.js';
import { ConfigSchema, type Config } from './schema.js';
import { applyEnvOverrides } from './env-overrides.js';
import { siteFeatures } from './map-file.js';

export interface LoadConfigOptions {
  /** YAML or JSON file; omitted means defaults plus environment. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Applied over the file and under the environment (used by `kakou demo`). */
  base?: Record<string, unknown>;
  /** Applied last, over the environment (command-line flags). */
  overrides?: Record<string, unknown>;
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(into: Raw, from: Raw): Raw {
  for (const [k, v] of Object.entries(from)) {
    into[k] = isObject(v) && isObject(into[k]) ? merge({ ...(into[k] as Raw) }, v) : v;
  }
  return into;
}

function readConfigFile(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KakouError('KAKOU_E_CONFIG_FILE', `cannot read ${file}`, [
      `${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    ]);
  }
  let parsed: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser serves both formats.
    parsed = text.trim() === '' ? {} : parseYaml(text);
  } catch (err) {
    throw new KakouError('KAKOU_E_CONFIG_FILE', `cannot parse ${file}`, [
      `${file}: ${(err as Error).message.split('\n')[0]}`,
    ]);
  }
  if (!isObject(parsed))
    throw new KakouError('KAKOU_E_CONFIG_FILE', `${file} is not a mapping`, [
      `${file}: top level must be a mapping of settings`,
    ]);
  return parsed;
}

function pointerToPath(pointer: string): string {
  return pointer.split('/').filter(Boolean).join('.') || '(root)';
}

/** Schema problems, one line per path, the most useful message first. */
function schemaProblems(value: unknown, fromEnv: Map<string, string>): string[] {
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(ConfigSchema, value)) {
    if (e.keyword === 'boolean') continue; // duplicate of the additionalProperties error below
    const extra =
      e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperties?: string[] }).additionalProperties
        : undefined;
    if (extra) {
      for (const key of extra) {
        const p = [pointerToPath(e.instancePath), key].filter((x) => x !== '(root)').join('.');
        byPath.set(p, 'unknown setting');
      }
      continue;
    }
    const path = pointerToPath(e.instancePath);
    // A union reports one "const" error per member, then one anyOf error: keep the summary.
    if (e.keyword === 'const' && byPath.has(path)) continue;
    byPath.set(path, e.keyword === 'anyOf' ? 'is not one of the allowed values' : e.message);
  }
  return [...byPath].map(([path, msg]) => {
    const env = fromEnv.get(path);
    return `${path}${env ? ` (from ${env})` : ''}: ${msg}`;
  });
}

function semanticProblems(c: Config): string[] {
  const problems: string[] = [];
  const inputIds = new Set<string>();
  c.inputs.nmea.forEach((input, i) => {
    if (inputIds.has(input.id)) problems.push(`inputs.nmea.${i}.id: "${input.id}" is used twice`);
    inputIds.add(input.id);
    if (input.transport === 'tcp' && !input.host)
      problems.push(`inputs.nmea.${i}.host: a tcp input needs the receiver's address`);
    if (input.transport === 'tcp' && input.port === 0)
      problems.push(`inputs.nmea.${i}.port: a tcp input needs the receiver's port`);
  });
  if (c.inputs.minBackoffMs > c.inputs.maxBackoffMs)
    problems.push('inputs.minBackoffMs: must not exceed inputs.maxBackoffMs');
  if (c.checkpoint.gate.length === 1)
    problems.push('checkpoint.gate: needs two points (a line) or three or more (a polygon)');
  problems.push(...gateProblems(c.checkpoint));
  if (c.scoring.seed && !/^[0-9a-f]{32,128}$/i.test(c.scoring.seed)) {
    problems.push('scoring.seed: must be 32 to 128 hex digits');
  }
  if (!/^mqtts?:\/\/|^wss?:\/\//.test(c.mqtt.url))
    problems.push('mqtt.url: must start with mqtt://, mqtts://, ws:// or wss://');
  if (c.mqtt.password && c.mqtt.passwordFile)
    problems.push('mqtt.password: set either password or passwordFile, not both');
  if (c.sync.enrolmentToken && c.sync.enrolmentTokenFile)
    problems.push('sync.enrolmentToken: set either enrolmentToken or enrolmentTokenFile, not both');
  if (c.snapshot.driverIdKey && c.snapshot.driverIdKeyFile)
    problems.push('snapshot.driverIdKey: set either driverIdKey or driverIdKeyFile, not both');
  if (c.snapshot.driverIdKey && !/^[0-9a-fA-F]{64}$/.test(c.snapshot.driverIdKey))
    problems.push('snapshot.driverIdKey: must be 64 hex digits (32 bytes)');
  if (!c.mqtt.certFile !== !c.mqtt.keyFile)
    problems.push('mqtt.certFile: a client certificate needs its key (mqtt.keyFile), and a key its certificate');
  if ((c.mqtt.caFile || c.mqtt.certFile) && !/^(mqtts|wss):\/\//.test(c.mqtt.url))
    problems.push('mqtt.caFile: TLS files need an mqtts:// or wss:// url');
  if (!c.http.certFile !== !c.http.keyFile)
    problems.push('http.certFile: HTTPS needs both http.certFile and http.keyFile');
  if (!c.sync.certFile !== !c.sync.tlsKeyFile)
    problems.push('sync.certFile: a client certificate needs its key (sync.tlsKeyFile), and a key its certificate');
  if (c.sync.pinSha256 && !/^[A-Za-z0-9+/]{43}=$/.test(c.sync.pinSha256))
    problems.push('sync.pinSha256: must be a base64 SHA-256 (44 characters ending in =)');
  if ((c.sync.pinSha256 || c.sync.caFile || c.sync.certFile) && !c.sync.centralUrl.startsWith('https://'))
    problems.push('sync.pinSha256: pinning and TLS files need an https:// sync.centralUrl');
  return problems;
}

/** Several gates: distinct ids, drawable shapes, one way of setting capacity, and no single-gate settings besides. */
function gateProblems(cp: Config['checkpoint']): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  cp.gates.forEach((g, i) => {
    if (ids.has(g.id)) problems.push(`checkpoint.gates.${i}.id: "${g.id}" is used twice`);
    ids.add(g.id);
    if (g.points.length === 1)
      problems.push(`checkpoint.gates.${i}.points: needs two points (a line) or three or more (a polygon)`);
    if (new Set(g.kinds).size !== g.kinds.length) problems.push(`checkpoint.gates.${i}.kinds: a kind is named twice`);
  });
  const withCapacity = cp.gates.filter((g) => g.boardingsPerHour !== undefined).length;
  if (withCapacity > 0 && withCapacity < cp.gates.length)
    problems.push('checkpoint.gates: set boardingsPerHour on every gate or on none');
  if (cp.gates.length > 0 && (cp.gate.length > 0 || cp.gateDevices.length > 0))
    problems.push('checkpoint.gate: with checkpoint.gates, draw each gate there (gate and gateDevices are not used)');
  return problems;
}

/** Loads, overlays and validates the configuration, reporting every problem at once. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const raw: Raw = options.file ? readConfigFile(options.file) : {};
  if (options.base) merge(raw, options.base);
  const { problems, fromEnv } = applyEnvOverrides(ConfigSchema, raw, options.env ?? {});
  if (options.overrides) merge(raw, options.overrides);
  const withDefaults = Value.Default(ConfigSchema, raw);
  problems.push(...schemaProblems(withDefaults, fromEnv));
  if (problems.length === 0) problems.push(...semanticProblems(withDefaults as Config));
  if (problems.length > 0) {
    throw new KakouError('KAKOU_E_CONFIG_INVALID', `configuration has ${problems.length} problem(s)`, problems);
  }
  const config = withDefaults as Config;
  readSecretFiles(config);
  // Read once here, so a bad drawing stops start-up like any other setting.
  config.map.features = siteFeatures(config.map);
  return deepFreeze(config);
}

/** Secrets kept in files (the first line) rather than in the configuration, read once at start. */
function readSecretFiles(config: Config): void {
  const secrets = [
    {
      name: 'mqtt.passwordFile',
      file: config.mqtt.passwordFile,
      set: (v: string) => {
        config.mqtt.password = v;
      },
    },
    {
      name: 'sync.enrolmentTokenFile',
      file: config.sync.enrolmentTokenFile,
      set: (v: string) => {
        config.sync.enrolmentToken = v;
      },
    },
    {
      name: 'snapshot.driverIdKeyFile',
      file: config.snapshot.driverIdKeyFile,
      set: (v: string) => {
        config.snapshot.driverIdKey = v.trim();
      },
    },
  ];
  const problems: string[] = [];
  for (const s of secrets) {
    if (!s.file) continue;
    try {
      s.set(readFileSync(s.file, 'utf8').split('\n')[0] ?? '');
    } catch (err) {
      problems.push(`${s.name}: cannot read ${s.file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (
    config.snapshot.driverIdKeyFile &&
    config.snapshot.driverIdKey &&
    !/^[0-9a-fA-F]{64}$/.test(config.snapshot.driverIdKey)
  ) {
    problems.push(`snapshot.driverIdKeyFile: ${config.snapshot.driverIdKeyFile} must hold 64 hex digits (32 bytes)`);
  }
  if (problems.length > 0) throw new KakouError('KAKOU_E_CONFIG_INVALID', 'cannot read secret files', problems);
}

function deepFreeze<T>(o: T): T {
  if (isObject(o) || Array.isArray(o)) {
    for (const v of Object.values(o as object)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
