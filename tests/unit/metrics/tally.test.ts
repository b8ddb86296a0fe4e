import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/metrics/metrics.js';
import { LabelTally } from '../../../src/metrics/tally.js';

describe('LabelTally', () => {
  it('adds what it counted to the counter when the registry is collected, and only once', async () => {
    const metrics = createMetrics();
    const tally = new LabelTally((profile, outcome) => metrics.messages.labels({ profile, outcome }));
    metrics.beforeCollect.add(() => tally.flush());
    for (let i = 0; i < 5; i++) tally.add('jt808-json', 'accepted');
    tally.add('jt808-json', 'dropped');
    tally.add('ais-gateway-nmea', 'accepted');
    const values = async () =>
      Object.fromEntries(
        (await metrics.messages.get()).values.map((v) => [`${v.labels.profile}/${v.labels.outcome}`, v.value]),
      );
    expect(await values()).toEqual({
      'jt808-json/accepted': 5,
      'jt808-json/dropped': 1,
      'ais-gateway-nmea/accepted': 1,
    });
    expect(await values()).toEqual({
      'jt808-json/accepted': 5,
      'jt808-json/dropped': 1,
      'ais-gateway-nmea/accepted': 1,
    });
    tally.add('jt808-json', 'accepted');
    expect(await metrics.registry.getSingleMetricAsString('kakou_ingest_messages_total')).toContain(
      'kakou_ingest_messages_total{profile="jt808-json",outcome="accepted"} 6',
    );
  });

  it('past its bound counts straight into the counter instead of keeping more label values', async () => {
    const metrics = createMetrics();
    const tally = new LabelTally((kind) => metrics.observations.labels({ kind }));
    metrics.beforeCollect.add(() => tally.flush());
    for (let i = 0; i < 1005; i++) tally.add(`kind-${i}`);
    tally.add('kind-1004');
    const values = (await metrics.observations.get()).values;
    expect(values).toHaveLength(1005);
    expect(values.reduce((s, v) => s + v.value, 0)).toBe(1006);
  });
});
