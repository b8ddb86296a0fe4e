import { decodeJson, mapReport } from '../decode-json.js';
import { fail } from '../outcome.js';
import type { DecodeContext, Decoder } from './decoder.js';

type Spec = Parameters<typeof mapReport>[0];

/** JSON device reports, mapped field by field by the profile. */
export const jsonDecoder: Decoder = {
  message(ctx, payload) {
    ctx.accept(decodeJson(ctx.loaded.profile.payload as Spec, payload, ctx.mapping));
  },
};

/** Protobuf device reports: decoded by the profile's compiled .proto message, then mapped as JSON is. */
export const protobufDecoder: Decoder = {
  message(ctx, payload) {
    const spec = ctx.loaded.profile.payload as Spec;
    const decode = ctx.loaded.protobuf;
    if (!decode) return ctx.accept(fail('KAKOU_E_INGEST_PAYLOAD', 'the profile has no compiled protobuf message'));
    try {
      ctx.accept(mapReport(spec, decode(payload), ctx.mapping));
    } catch (err) {
      const message = spec.kind === 'protobuf' ? spec.message : 'protobuf';
      ctx.accept(fail('KAKOU_E_INGEST_PAYLOAD', `not a ${message} message (${(err as Error).message})`));
    }
  },
};

/** An OPC UA installation's values, mapped as a JSON body. */
export const opcuaDecoder: Decoder = {
  values(ctx: DecodeContext, values: Record<string, unknown>) {
    const mapped = mapReport(ctx.loaded.profile.payload as Spec, values, ctx.mapping);
    const input = ctx.mapping.captures.input;
    // An installation keeps publishing with nobody at it (an empty loading bay): heard, about no one.
    if (!mapped.ok && mapped.code === 'KAKOU_E_INGEST_IDENTITY' && input) ctx.result.deviceId = input;
    else ctx.accept(mapped);
  },
};
