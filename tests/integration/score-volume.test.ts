import { afterEach, describe, expect, it } from 'vitest';
import { ScoreVolumeInForce } from '../../src/app/score-volume.js';
import { ManualClock } from '../../src/clock.js';
import { loadPolicy } from '../../src/scoring/policy.js';
import { PolicyHolder } from '../../src/targets/policy-holder.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Thresholds set by volume survive a restart: the hours counted are kept in the node's database. */
const H = 3_600_000;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const LABEL = 'kakou-checkpoint@1';

describe('score volume across a restart', () => {
  it('keeps the hours counted, so the cut-offs are the same after the node starts again', async () => {
    const t = await createTestApp();
    apps.push(t);
    // A new node has no traffic yet: the terminal shows the points in force, and says why.
    const status = await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await t.login() } });
    expect(status.json().policy.cutoffs).toMatchObject({ source: 'points', mustInspect: 60, mayInspect: 35 });
    const holder = new PolicyHolder(loadPolicy('kakou-checkpoint'), null, 'kakou-checkpoint');
    const clock = new ManualClock(Date.UTC(2026, 11, 1));
    const first = new ScoreVolumeInForce(holder, t.app.storage.scoreVolume, clock);
    expect(first.active).toBe(true);
    const start = clock.now();
    for (let h = 0; h < 48; h++) for (let s = 0; s < 120; s++) first.add(start + h * H + s * 1000, s % 100, s === 0);
    clock.advance(48 * H);
    const before = first.cutoffs();
    expect(before?.source).toBe('volume');
    first.save();
    const again = new ScoreVolumeInForce(holder, t.app.storage.scoreVolume, clock);
    expect(again.cutoffs()).toEqual(before);

    // A policy that prices differently counts its own scores: until a day of them, its points apply.
    const fitted = { ...loadPolicy('kakou-checkpoint'), name: 'kakou-checkpoint-fitted', version: 'w48' };
    holder.replace(fitted, 2, 'policy.kpol (serial 2)');
    again.policyChanged();
    expect(again.cutoffs()).toMatchObject({ source: 'points' });
    expect(t.app.storage.scoreVolume.since(0, 'kakou-checkpoint-fitted@w48')).toEqual([]);
    expect(t.app.storage.scoreVolume.since(0, LABEL)).toHaveLength(48);

    // Past the window the hours are forgotten, on disk too.
    clock.advance(8 * 24 * H);
    again.save();
    expect(t.app.storage.scoreVolume.since(0, LABEL)).toEqual([]);
  });
});
