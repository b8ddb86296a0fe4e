import type { Clock } from '../../clock.js';
import type { Decoder, PayloadKind } from './decoder.js';
import { jsonDecoder, opcuaDecoder, protobufDecoder } from './mapped-decoders.js';
import { NmeaDecoder } from './nmea-decoder.js';
import { SparkplugDecoder } from './sparkplug-decoder.js';

/** One normalizer's decoders, one per payload kind; the stateful ones (AIS reassembly, Sparkplug births) are its own. */
export interface Decoders extends Record<PayloadKind, Decoder> {
  nmea: NmeaDecoder;
}

/**
 * Every payload kind a device profile may name, and its decoder. A new kind is a decoder here and
 * a payload form in the profile schema; the type makes a kind without a decoder a compile error.
 */
export function createDecoders(clock: Clock): Decoders {
  return {
    json: jsonDecoder,
    protobuf: protobufDecoder,
    'sparkplug-b': new SparkplugDecoder(clock),
    opcua: opcuaDecoder,
    nmea: new NmeaDecoder(),
  };
}
