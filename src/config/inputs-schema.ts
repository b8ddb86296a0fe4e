import Type from 'typebox';

/** Feeds the node connects to itself, beside the MQTT broker: NMEA streams and OPC UA installations. */
export const InputsConfigSchema = Type.Object(
  {
    nmea: Type.Array(
      Type.Object(
        {
          id: Type.String({
            minLength: 1,
            maxLength: 64,
            pattern: '^[A-Za-z0-9._-]+$',
            description: 'Names the input in status, metrics and the devices page.',
          }),
          transport: Type.Union([Type.Literal('tcp'), Type.Literal('udp')]),
          host: Type.String({
            default: '',
            description: 'tcp: the receiver to connect to; udp: the address to listen on (empty: 0.0.0.0).',
          }),
          port: Type.Integer({ minimum: 0, maximum: 65535 }),
          profile: Type.String({
            default: 'ais-gateway-nmea',
            description: 'Device profile (payload kind nmea) the lines are decoded with.',
          }),
        },
        { additionalProperties: false },
      ),
      {
        default: [],
        description:
          "AIS/NMEA inputs besides MQTT: {id, transport: tcp (client of a receiver's NMEA server) or udp (listener), host, port, profile}.",
      },
    ),
    opcua: Type.Array(
      Type.Object(
        {
          id: Type.String({
            minLength: 1,
            maxLength: 64,
            pattern: '^[A-Za-z0-9._-]+$',
            description:
              "Names the installation: in status, metrics, and as the {input} a profile's identity may name.",
          }),
          profile: Type.String({
            minLength: 1,
            description: 'Device profile (an OPC UA device model) the installation is read with.',
          }),
          endpoint: Type.String({
            pattern: '^opc\\.tcp://',
            description: "The installation's OPC UA server, e.g. opc.tcp://gauge-1:4840.",
          }),
          serverCertificateSha256: Type.Optional(
            Type.String({
              pattern: '^[0-9a-fA-F]{64}$',
              description:
                "Pin of the server's certificate (SHA-256 of its DER, hex); without it the certificate must be trusted in the OPC UA PKI folder.",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      {
        default: [],
        description:
          'OPC UA installations: {id, profile, endpoint, serverCertificateSha256}, one session each, secured as the ' +
          'profile says (SignAndEncrypt with Basic256Sha256 by default); the server certificate is pinned here or ' +
          'trusted in storage.dataDir/pki/trusted/certs.',
      },
    ),
    minBackoffMs: Type.Integer({
      minimum: 10,
      default: 1000,
      description: 'First reconnect delay of a failed input; doubles per failure, with jitter.',
    }),
    maxBackoffMs: Type.Integer({
      minimum: 10,
      default: 30_000,
      description: 'Longest reconnect delay of a failed input.',
    }),
    idleTimeoutS: Type.Integer({
      minimum: 5,
      default: 120,
      description: 'A TCP input that delivers nothing for this long is presumed dead and reconnected.',
    }),
  },
  { default: {}, additionalProperties: false },
);
