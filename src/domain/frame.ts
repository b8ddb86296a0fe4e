/**
 * A device message as its transport delivered it, before decoding: what ingest adapters hand the
 * pipeline and the normalizer decodes. Three forms, by how the transport frames data.
 */
export type RawFrame =
  /** A broker message: its topic says which device profile decodes it. */
  | { form: 'message'; topic: string; payload: Buffer }
  /** Lines from a stream input (an NMEA receiver over TCP, a UDP feed) for one profile; `source` is `tcp:rx-1`. */
  | { form: 'lines'; source: string; profile: string; device: string; lines: readonly string[] }
  /** An installation's current values by the profile's names (OPC UA); `captures` holds {input}. */
  | {
      form: 'values';
      source: string;
      profile: string;
      values: Record<string, unknown>;
      captures: Readonly<Record<string, string>>;
    };
