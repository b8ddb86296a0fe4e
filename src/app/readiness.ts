import { isUp } from '../ingest/adapter-status.js';
import type { ReadinessCheck } from '../web/deps.js';
import type { NodeParts } from './node-parts.js';
import { uplinkProblems } from './uplink-health.js';

/** An error's code (SQLITE_FULL), or "error" when all there is is a message. */
const errorCode = (failure: string): string => (/^[A-Z_]+$/.test(failure) ? failure : 'error');

/** What /readyz checks: the broker, the database's writes, the snapshot, the profiles and every input. */
export function readiness(p: NodeParts, nowMs: number): Record<string, ReadinessCheck> {
  const uplink = uplinkProblems(p, nowMs);
  const broker = p.broker.status();
  const snap = p.snapshots.status();
  const { decisions, storage } = p;
  const brokerDetail = broker.state === 'connected' ? `connected to ${broker.url}` : broker.state;
  return {
    broker: {
      ok: broker.state === 'connected',
      detail: broker.lastError && broker.state !== 'connected' ? `${brokerDetail}: ${broker.lastError}` : brokerDetail,
      public: broker.state,
    },
    database:
      decisions.failure === null
        ? { ok: storage.ping(), detail: storage.file, public: 'open' }
        : {
            ok: false,
            detail: `${storage.file}: writes failing (${decisions.failure}); ${decisions.waiting} decision(s) waiting in memory`,
            // Without a session: the failure by its code only, as a message may name a path.
            public: `writes failing (${errorCode(decisions.failure)}); ${decisions.waiting} decision(s) waiting in memory`,
          },
    snapshot: {
      ok: snap.loaded && !snap.expired,
      detail: !snap.loaded
        ? 'no credit snapshot loaded'
        : snap.expired
          ? `snapshot ${snap.version} expired at ${snap.validUntil}`
          : `version ${snap.version}, ${Math.round((snap.ageSeconds ?? 0) / 3600)} h old${snap.stale ? ' (stale)' : ''}`,
    },
    profiles: { ok: p.profiles.length > 0, detail: `${p.profiles.length} device profile(s)` },
    ...(p.sync && {
      uplink: {
        ok: uplink.size === 0,
        detail: uplink.size === 0 ? `${p.sync.status().state}` : [...uplink.values()].join('; '),
        public: uplink.size === 0 ? p.sync.status().state : [...uplink.keys()].join(', '),
      },
    }),
    ...Object.fromEntries(
      p.inputs.statuses().map((s) => {
        const detail = `${s.state} ${s.url}${!isUp(s) && s.lastError ? `: ${s.lastError}` : ''}`;
        return [`input:${s.name}`, { ok: isUp(s), detail, public: s.state }];
      }),
    ),
  };
}
