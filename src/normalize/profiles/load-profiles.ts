import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Value from 'typebox/value';
import { KakouError, isKakouError } from '../../errors.js';
import { compileProto, type LoadedProfile } from './compile-profile.js';
import { DeviceProfileSchema, type DeviceProfile } from './profile-schema.js';
import { compileTopic, type TopicPattern } from './topic-pattern.js';

export type { LoadedProfile };

/** Files in the profile folder that are not profiles. */
const NOT_PROFILES = new Set(['schema.json', 'package.json']);

function validate(file: string, raw: unknown, problems: string[]): DeviceProfile | null {
  const value = Value.Default(DeviceProfileSchema, raw);
  if (Value.Check(DeviceProfileSchema, value)) return value as DeviceProfile;
  const seen = new Set<string>();
  for (const e of Value.Errors(DeviceProfileSchema, value)) {
    if (e.keyword === 'boolean' || e.keyword === 'const') continue;
    const line = `${file}: ${e.instancePath || '/'} ${e.keyword === 'anyOf' ? 'matches none of the allowed forms' : e.message}`;
    if (!seen.has(line)) problems.push(line);
    seen.add(line);
  }
  return null;
}

/**
 * Loads and validates every profile in a folder. Every problem in every file is collected and
 * reported at once, so a site administrator fixes a folder in one pass.
 */
export function loadProfiles(dir: string, enabled: readonly string[] = []): LoadedProfile[] {
  const problems: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !NOT_PROFILES.has(f))
      .sort();
  } catch (err) {
    throw new KakouError('KAKOU_E_PROFILE_INVALID', `cannot read profile folder ${dir}`, [
      `${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    ]);
  }
  const loaded: LoadedProfile[] = [];
  const byId = new Map<string, string>();
  const byFilter = new Map<string, string>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const profile = validate(file, raw, problems);
    if (!profile) continue;
    if (enabled.length > 0 && !enabled.includes(profile.id)) continue;
    const clash = byId.get(profile.id);
    if (clash) problems.push(`${file}: id "${profile.id}" is already used by ${clash}`);
    byId.set(profile.id, file);
    if ('opcua' in profile.transport) {
      if (profile.payload.kind !== 'opcua')
        problems.push(`${file}: /payload/kind must be "opcua" for an OPC UA transport`);
      // The adapter adds the latest value's source and server timestamps under these names.
      const ua = profile.transport.opcua;
      if ((ua.securityMode === 'None') !== (ua.securityPolicy === 'None'))
        problems.push(`${file}: /transport/opcua: securityMode None goes with securityPolicy None, and only with it`);
      if (ua.serverCertificateSha256 && !ua.endpoint)
        problems.push(
          `${file}: /transport/opcua/serverCertificateSha256 pins one server: a device model names none (pin each installation in inputs.opcua)`,
        );
      const names = [...Object.keys(profile.transport.opcua.nodes), 'sourceTimestamp', 'serverTimestamp'];
      for (const [k, f] of Object.entries(profile.payload.kind === 'opcua' ? profile.payload.fields : {})) {
        if (f && !names.includes(f.path))
          problems.push(`${file}: /payload/fields/${k} reads "${f.path}", which transport.opcua.nodes does not name`);
      }
      for (const [name, source] of Object.entries(profile.payload.kind === 'opcua' ? profile.payload.identity : {})) {
        if (source && 'topic' in source && source.topic !== 'input')
          problems.push(
            `${file}: /payload/identity/${name} names {${source.topic}}; an OPC UA profile has only {input}, the installation's id`,
          );
      }
      checkIdentity(file, profile, problems);
      loaded.push({ profile, file, opcua: profile.transport.opcua });
      continue;
    }
    if (profile.payload.kind === 'opcua') problems.push(`${file}: /payload/kind "opcua" needs an OPC UA transport`);
    try {
      const topic = compileTopic(profile.transport.mqtt.topic);
      const other = byFilter.get(topic.filter);
      if (other) problems.push(`${file}: topic ${topic.filter} is already claimed by ${other}`);
      byFilter.set(topic.filter, file);
      if (profile.payload.kind !== 'nmea') checkTopicCaptures(file, profile, topic, problems);
      const protobuf =
        profile.payload.kind === 'protobuf'
          ? compileProto(dir, file, profile.payload.proto, profile.payload.message, problems)
          : undefined;
      loaded.push({ profile, topic, file, ...(protobuf && { protobuf }) });
    } catch (err) {
      if (!isKakouError(err)) throw err;
      problems.push(`${file}: ${err.message}`);
    }
  }
  for (const id of enabled)
    if (!byId.has(id)) problems.push(`deviceProfiles.enabled: no profile with id "${id}" in ${dir}`);
  if (problems.length > 0)
    throw new KakouError('KAKOU_E_PROFILE_INVALID', `${problems.length} device profile problem(s)`, problems);
  return loaded;
}

function checkTopicCaptures(file: string, profile: DeviceProfile, topic: TopicPattern, problems: string[]): void {
  if (profile.payload.kind === 'nmea') return;
  for (const [name, source] of Object.entries(profile.payload.identity)) {
    // A Sparkplug profile also has {device}: the device id from the topic, or the edge node's.
    const names = profile.payload.kind === 'sparkplug-b' ? [...topic.names, 'device'] : topic.names;
    if (source && 'topic' in source && !names.includes(source.topic)) {
      problems.push(
        `${file}: /payload/identity/${name} names topic capture {${source.topic}}, which ${topic.pattern} does not have`,
      );
    }
  }
  checkIdentity(file, profile, problems);
}

/** A report must name its device and whom it is about: what that takes depends on the target. */
function checkIdentity(file: string, profile: DeviceProfile, problems: string[]): void {
  if (profile.payload.kind === 'nmea') return;
  const id = profile.payload.identity;
  const wrong = (names: Array<keyof typeof id>, why: string) => {
    for (const n of names) if (id[n]) problems.push(`${file}: /payload/identity/${n} ${why}`);
  };
  if (profile.target === 'vessel') {
    if (!id.station)
      problems.push(
        `${file}: /payload/identity/station is required for a vessel device (a camera, a gauge at the checkpoint)`,
      );
    if (!id.mmsi && !id.shipname) problems.push(`${file}: /payload/identity needs mmsi or shipname to name the vessel`);
    wrong(['terminalId', 'plate', 'driverId'], "names a vehicle, but the profile's target is vessel");
    // Alarms are scored on vehicles (a terminal's, a bay's); a vessel's come from its track signals.
    if ((profile.payload.alarms ?? []).length > 0 || (profile.payload.rules ?? []).length > 0)
      problems.push(`${file}: /payload alarms and rules apply to vehicle devices only`);
    if (profile.payload.fields.grossKg)
      problems.push(`${file}: /payload/fields/grossKg is a vehicle weight, but the profile's target is vessel`);
    return;
  }
  if (!id.terminalId && !id.station)
    problems.push(`${file}: /payload/identity needs terminalId (an on-board device) or station (a roadside one)`);
  if (!id.terminalId && !id.plate) problems.push(`${file}: /payload/identity/plate is required for a roadside device`);
  wrong(['mmsi', 'shipname'], "names a vessel, but the profile's target is vehicle");
  if (profile.payload.fields.draughtM)
    problems.push(`${file}: /payload/fields/draughtM is a vessel draught, but the profile's target is vehicle`);
}
