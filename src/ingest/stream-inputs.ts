import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { LoadedProfile } from '../normalize/profiles/load-profiles.js';
import type { AdapterStatus } from './adapter-status.js';
import { NmeaTcpClient } from './nmea-tcp-client.js';
import { NmeaUdpListener } from './nmea-udp-listener.js';
import { OpcUaAdapter } from './opcua-adapter.js';
import type { FrameSink, IngestAdapter } from './ingest-adapter.js';

/** Every problem of the inputs' references to profiles (start-up and `kakou check` both ask). */
export function inputProblems(config: Config, profiles: readonly LoadedProfile[]): string[] {
  const problems = config.inputs.nmea.flatMap((input, i) => {
    const p = profiles.find((x) => x.profile.id === input.profile);
    if (!p) return [`inputs.nmea.${i}.profile: no device profile "${input.profile}" is loaded`];
    return p.profile.payload.kind === 'nmea'
      ? []
      : [`inputs.nmea.${i}.profile: "${input.profile}" does not decode NMEA (payload kind ${p.profile.payload.kind})`];
  });
  config.inputs.opcua.forEach((input, i) => {
    const p = profiles.find((x) => x.profile.id === input.profile);
    if (!p) problems.push(`inputs.opcua.${i}.profile: no device profile "${input.profile}" is loaded`);
    else if (!p.opcua)
      problems.push(
        `inputs.opcua.${i}.profile: "${input.profile}" is not an OPC UA device model (transport ${Object.keys(p.profile.transport)[0]})`,
      );
  });
  const ids = [...config.inputs.nmea, ...config.inputs.opcua].map((x) => x.id);
  for (const id of new Set(ids.filter((x, i) => ids.indexOf(x) !== i)))
    problems.push(`inputs: the id "${id}" names two inputs`);
  return problems;
}

/**
 * The inputs besides MQTT: NMEA TCP clients of receivers and UDP listeners (config inputs.nmea),
 * and one OPC UA session per profile with an OPC UA transport.
 */
export class StreamInputs {
  readonly inputs: IngestAdapter[];

  constructor(
    config: Config,
    profiles: readonly LoadedProfile[],
    sink: FrameSink,
    metrics: Metrics,
    clock: Clock,
    log: Logger,
    pkiDir: string,
  ) {
    const problems = inputProblems(config, profiles);
    if (problems.length > 0) throw new KakouError('KAKOU_E_CONFIG_INVALID', 'inputs name unusable profiles', problems);
    const { minBackoffMs, maxBackoffMs } = config.inputs;
    this.inputs = config.inputs.nmea.map((input) => {
      const counted: FrameSink = (frame) => {
        if (frame.form === 'lines') metrics.inputLines.inc({ input: input.id }, frame.lines.length);
        sink(frame);
      };
      const onState = (state: string) => {
        metrics.inputUp.set(
          { input: input.id, transport: input.transport },
          state === 'connected' || state === 'listening' ? 1 : 0,
        );
        if (state === 'reconnecting' || (state === 'connecting' && input.transport === 'udp'))
          metrics.inputReconnects.inc({ input: input.id });
      };
      const child = log.child({ input: input.id });
      return input.transport === 'tcp'
        ? new NmeaTcpClient(
            {
              id: input.id,
              profile: input.profile,
              host: input.host,
              port: input.port,
              minBackoffMs,
              maxBackoffMs,
              idleTimeoutMs: config.inputs.idleTimeoutS * 1000,
            },
            clock,
            child,
            counted,
            onState,
          )
        : new NmeaUdpListener(
            {
              id: input.id,
              profile: input.profile,
              host: input.host || '0.0.0.0',
              port: input.port,
              minBackoffMs,
              maxBackoffMs,
            },
            clock,
            child,
            counted,
            onState,
          );
    });
    // A profile that names its endpoint is one installation; a device model is read wherever inputs.opcua puts it.
    const installations = [
      ...profiles.flatMap((p) =>
        p.opcua?.endpoint
          ? [
              {
                id: p.profile.id,
                profile: p.profile.id,
                endpoint: p.opcua.endpoint,
                serverCertificateSha256: p.opcua.serverCertificateSha256,
              },
            ]
          : [],
      ),
      ...config.inputs.opcua,
    ];
    for (const input of installations) {
      const p = profiles.find((x) => x.profile.id === input.profile);
      if (!p?.opcua) continue; // reported by opcuaProblems before start
      const { id } = input;
      this.inputs.push(
        new OpcUaAdapter(
          input,
          { ...p.opcua, endpoint: input.endpoint, serverCertificateSha256: input.serverCertificateSha256 },
          pkiDir,
          clock,
          log.child({ input: id }),
          (frame) => {
            metrics.inputLines.inc({ input: id });
            sink(frame);
          },
          (state) => metrics.inputUp.set({ input: id, transport: 'opcua' }, state === 'connected' ? 1 : 0),
        ),
      );
    }
  }

  start(): void {
    for (const i of this.inputs) i.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.inputs.map((i) => i.stop()));
  }

  statuses(): AdapterStatus[] {
    return this.inputs.map((i) => i.status());
  }
}
