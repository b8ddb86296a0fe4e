import { standaloneSchema } from '../../config/json-schema.js';
import Type, { type Static } from 'typebox';

/**
 * Device profile format: data, not code. Adding a device model means adding a JSON file under
 * device-profiles/ that validates against this schema (device-profiles/README.md documents it).
 */
const FieldSource = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'Dotted path into the JSON payload, e.g. "gnss.lat".' }),
    scale: Type.Optional(
      Type.Number({ description: 'Multiplier applied to the raw number (e.g. 0.1 for 1/10 km/h).' }),
    ),
    unit: Type.Optional(Type.String({ description: 'Unit after scaling, for documentation and the terminal.' })),
    min: Type.Optional(Type.Number({ description: 'Smallest valid value after scaling.' })),
    max: Type.Optional(Type.Number({ description: 'Largest valid value after scaling.' })),
    format: Type.Optional(
      Type.Union([Type.Literal('epoch-ms'), Type.Literal('epoch-s'), Type.Literal('iso8601')], {
        description: 'For time fields.',
      }),
    ),
  },
  { additionalProperties: false },
);

const IdentitySource = Type.Union([
  Type.Object(
    {
      topic: Type.String({
        description:
          'Name of a {capture} in the topic pattern; for an OPC UA device model, "input": the id of its entry in inputs.opcua.',
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ path: Type.String({ description: 'Dotted path into the payload.' }) }, { additionalProperties: false }),
  Type.Object(
    {
      value: Type.String({
        minLength: 1,
        description: 'A fixed value: the one installation an OPC UA profile describes.',
      }),
    },
    { additionalProperties: false },
  ),
]);

const AlarmSource = Type.Union([
  Type.Object(
    {
      path: Type.String(),
      encoding: Type.Literal('bits'),
      bits: Type.Record(
        Type.String({ pattern: '^([0-9]|[12][0-9]|3[01])$' }),
        Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
        { description: 'Bit number (0-31) to alarm code.' },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      path: Type.String(),
      encoding: Type.Literal('list'),
      map: Type.Record(Type.String(), Type.String({ pattern: '^[a-z][a-z0-9-]*$' }), {
        description: 'Device event name to alarm code.',
      }),
    },
    { additionalProperties: false },
  ),
]);

/** A sensor value that raises an alarm after it has held for a while, and clears with hysteresis. */
const AlarmRule = Type.Object(
  {
    alarm: Type.String({
      pattern: '^[a-z][a-z0-9-]*$',
      description: 'Alarm code raised (scored as ALARM_<CODE> by the policy).',
    }),
    path: Type.String({ minLength: 1, description: 'Dotted path of the value in the decoded payload.' }),
    above: Type.Optional(Type.Number({ description: 'Condition: the value is above this.' })),
    below: Type.Optional(Type.Number({ description: 'Condition: the value is below this.' })),
    equals: Type.Optional(
      Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
        description: 'Condition: the value equals this (a valve state, a flag).',
      }),
    ),
    forS: Type.Optional(
      Type.Number({
        minimum: 0,
        default: 0,
        description: 'The condition must hold this long before the alarm is raised.',
      }),
    ),
    clearAt: Type.Optional(
      Type.Number({
        description:
          'Hysteresis: an above-alarm clears only below this, a below-alarm only above it (default: the threshold).',
      }),
    ),
    severity: Type.Optional(
      Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], { default: 'warning' }),
    ),
  },
  { additionalProperties: false },
);

const MappedPayload = {
  identity: Type.Object(
    {
      terminalId: Type.Optional(IdentitySource),
      station: Type.Optional(IdentitySource),
      plate: Type.Optional(IdentitySource),
      driverId: Type.Optional(IdentitySource),
      mmsi: Type.Optional(IdentitySource),
      shipname: Type.Optional(IdentitySource),
    },
    {
      additionalProperties: false,
      description:
        "A vehicle device names its terminalId (on board) or station (roadside, with the plate); driverId is the ID number the terminal reads from the driver's card, hashed on arrival. A vessel device (a hull-name camera, a draught gauge) names its station and the vessel by mmsi or shipname.",
    },
  ),
  fields: Type.Object(
    {
      lat: Type.Optional(FieldSource),
      lon: Type.Optional(FieldSource),
      speed: Type.Optional(FieldSource),
      heading: Type.Optional(FieldSource),
      observedAt: Type.Optional(FieldSource),
      grossKg: Type.Optional(FieldSource),
      draughtM: Type.Optional(FieldSource),
    },
    { additionalProperties: false },
  ),
  alarms: Type.Optional(
    Type.Array(AlarmSource, {
      default: [],
      description: 'Where the payload carries alarms and how they map to alarm codes.',
    }),
  ),
  rules: Type.Optional(
    Type.Array(AlarmRule, {
      default: [],
      description: 'Alarms the node raises itself from sensor values, with a duration and a clear level.',
    }),
  ),
};

const JsonPayload = Type.Object({ kind: Type.Literal('json'), ...MappedPayload }, { additionalProperties: false });

const ProtobufPayload = Type.Object(
  {
    kind: Type.Literal('protobuf'),
    proto: Type.String({ minLength: 1, description: 'The .proto file, relative to the profile folder.' }),
    message: Type.String({ minLength: 1, description: 'Fully qualified message type, e.g. kakou.hazmat.TankReading.' }),
    ...MappedPayload,
  },
  { additionalProperties: false },
);

/**
 * Sparkplug B (spBv1.0 topic namespace, protobuf payloads): births bind metric names to aliases,
 * data carries aliases; the field mapping's paths are metric names. The topic captures
 * {groupId}, {messageType} and {edgeNode}, and the node adds {device} (the device id, or the edge node's).
 */
const SparkplugPayload = Type.Object(
  { kind: Type.Literal('sparkplug-b'), ...MappedPayload },
  { additionalProperties: false },
);

/** OPC UA: the values of the profile's nodes, by the names given them in transport.opcua.nodes. */
const OpcUaPayload = Type.Object({ kind: Type.Literal('opcua'), ...MappedPayload }, { additionalProperties: false });

const NmeaPayload = Type.Object(
  {
    kind: Type.Literal('nmea'),
    sentences: Type.Literal('ais', {
      description: 'Which sentences the payload carries; AIS (!AIVDM/!AIVDO), one or more per message.',
    }),
  },
  { additionalProperties: false },
);

export const DeviceProfileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Unique profile id (kebab-case).' }),
    name: Type.String({ minLength: 1, description: 'Human name, shown on the terminal.' }),
    description: Type.Optional(Type.String()),
    target: Type.Union([Type.Literal('vessel'), Type.Literal('vehicle')], {
      description: 'What the device reports about.',
    }),
    transport: Type.Union([
      Type.Object(
        {
          mqtt: Type.Object(
            {
              topic: Type.String({
                minLength: 1,
                description: 'Topic pattern; {name} captures one level, a trailing # any levels.',
              }),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          opcua: Type.Object(
            {
              endpoint: Type.Optional(
                Type.String({
                  pattern: '^opc\\.tcp://',
                  description:
                    "The server, e.g. opc.tcp://plc-1:4840, when the profile describes one installation; omit it for a device model, and name each installation in the config's inputs.opcua.",
                }),
              ),
              nodes: Type.Record(
                Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_/.-]*$' }),
                Type.String({ minLength: 1 }),
                { description: 'Name (as used in payload paths) to node id, e.g. "GrossKg": "ns=2;s=Scale.Gross".' },
              ),
              samplingIntervalMs: Type.Optional(Type.Integer({ minimum: 0, default: 500 })),
              publishingIntervalMs: Type.Optional(Type.Integer({ minimum: 50, default: 500 })),
              stallTimeoutS: Type.Optional(
                Type.Integer({
                  minimum: 2,
                  default: 30,
                  description: 'No notification (data or keep-alive) for this long: the session is rebuilt.',
                }),
              ),
              securityMode: Type.Optional(
                Type.Union([Type.Literal('SignAndEncrypt'), Type.Literal('Sign'), Type.Literal('None')], {
                  default: 'SignAndEncrypt',
                  description:
                    'Message security of the session. None only for a lab: anyone on the network reads and forges the values.',
                }),
              ),
              securityPolicy: Type.Optional(
                Type.Union(
                  [
                    Type.Literal('Basic256Sha256'),
                    Type.Literal('Aes128_Sha256_RsaOaep'),
                    Type.Literal('Aes256_Sha256_RsaPss'),
                    Type.Literal('None'),
                  ],
                  {
                    default: 'Basic256Sha256',
                    description: 'Security policy of the session; None exactly when securityMode is None.',
                  },
                ),
              ),
              serverCertificateSha256: Type.Optional(
                Type.String({
                  pattern: '^[0-9a-fA-F]{64}$',
                  description:
                    "Pin of the server's certificate (SHA-256 of its DER, hex) for a profile that names its endpoint; otherwise the certificate must be trusted in the node's OPC UA PKI folder.",
                }),
              ),
              acceptUnknownServerCertificate: Type.Optional(
                Type.Boolean({
                  default: false,
                  description:
                    'Accept any server certificate. A lab only: it lets whoever answers at the endpoint feed the node.',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ]),
    payload: Type.Union([NmeaPayload, JsonPayload, ProtobufPayload, SparkplugPayload, OpcUaPayload]),
    livenessTimeoutS: Type.Optional(
      Type.Integer({ minimum: 1, default: 300, description: 'A device silent for longer is shown as offline.' }),
    ),
  },
  { additionalProperties: false },
);

export type DeviceProfile = Static<typeof DeviceProfileSchema>;
/** The field mapping shared by JSON and protobuf payloads. */
export type JsonPayloadSpec =
  | Static<typeof JsonPayload>
  | Static<typeof ProtobufPayload>
  | Static<typeof SparkplugPayload>
  | Static<typeof OpcUaPayload>;
export type AlarmRuleSpec = Static<typeof AlarmRule>;
export type OpcUaTransport = {
  endpoint?: string;
  nodes: Record<string, string>;
  samplingIntervalMs?: number;
  publishingIntervalMs?: number;
  stallTimeoutS?: number;
  securityMode?: 'SignAndEncrypt' | 'Sign' | 'None';
  securityPolicy?: 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss' | 'None';
  serverCertificateSha256?: string;
  acceptUnknownServerCertificate?: boolean;
};
export type FieldSpec = Static<typeof FieldSource>;
export type IdentitySpec = Static<typeof IdentitySource>;

/** The profile format as a standalone JSON Schema document (device-profiles/schema.json). */
export function profileJsonSchema(): Record<string, unknown> {
  return standaloneSchema(DeviceProfileSchema, 'device-profile', 'Kakou device profile');
}
