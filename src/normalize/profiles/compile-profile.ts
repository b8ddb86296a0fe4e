import { join } from 'node:path';
import protobuf from 'protobufjs';
import { KakouError } from '../../errors.js';
import type { DeviceProfile, OpcUaTransport } from './profile-schema.js';
import { compileTopic, type TopicPattern } from './topic-pattern.js';

export interface LoadedProfile {
  profile: DeviceProfile;
  /** MQTT profiles: the topic pattern. OPC UA profiles have none; their adapter delivers values. */
  topic?: TopicPattern;
  opcua?: OpcUaTransport;
  file: string;
  /** Protobuf profiles: the message decoder, compiled from the profile's .proto at load. */
  protobuf?: (payload: Buffer) => object;
}

/** A decoder for the profile's message type, or undefined with the problem recorded. */
export function compileProto(
  dir: string,
  file: string,
  proto: string,
  message: string,
  problems: string[],
): ((payload: Buffer) => object) | undefined {
  let type: protobuf.Type;
  try {
    type = new protobuf.Root().loadSync(join(dir, proto), { keepCase: true }).lookupType(message);
  } catch (err) {
    problems.push(`${file}: /payload cannot use ${message} from ${proto} (${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
  // Plain objects with every field present, 64-bit integers as numbers and enums by name, so the
  // field mapping reads a protobuf message exactly as it reads JSON.
  return (payload) => type.toObject(type.decode(payload), { longs: Number, enums: String, defaults: true });
}

/**
 * Profiles validated elsewhere (load-profiles.ts, on the main thread) made ready to decode with:
 * topic patterns and protobuf decoders, which cannot cross to a worker thread, compiled again
 * from the documents, which can. Leaves out the schema validator and its memory.
 */
export function compileProfiles(
  dir: string,
  docs: ReadonlyArray<{ profile: DeviceProfile; file: string }>,
): LoadedProfile[] {
  const problems: string[] = [];
  const loaded = docs.map(({ profile, file }): LoadedProfile => {
    if ('opcua' in profile.transport) return { profile, file, opcua: profile.transport.opcua };
    const protobuf =
      profile.payload.kind === 'protobuf'
        ? compileProto(dir, file, profile.payload.proto, profile.payload.message, problems)
        : undefined;
    return { profile, file, topic: compileTopic(profile.transport.mqtt.topic), ...(protobuf && { protobuf }) };
  });
  if (problems.length > 0)
    throw new KakouError('KAKOU_E_PROFILE_INVALID', `${problems.length} device profile problem(s)`, problems);
  return loaded;
}
