import type { AccountService } from '../accounts/account-service.js';
import type { AlarmBook } from '../inspections/alarm-book.js';
import type { InspectionService } from '../inspections/inspection-service.js';
import type { PassageBook } from '../targets/passage-book.js';
import type { DisputeBook } from '../inspections/dispute-book.js';
import type { Storage } from '../storage/storage.js';
import type { CreditEntry } from '../storage/credit-entries.js';
import { PACKAGE_VERSION } from '../paths.js';
import { DeadLetters } from '../sync/dead-letters.js';
import { buildServer, type WebServer } from '../web/build-server.js';
import { refreshGauges } from './gauges.js';
import type { NodeParts } from './node-parts.js';
import { nodeStatus } from './node-status.js';
import { readiness } from './readiness.js';
import { siteDrawing, trailsIn } from './site-map.js';
import type { Ground } from './stages.js';

/** The officers' terminal and the node's HTTP API, over what the node is built of. */
export function buildTerminal(
  g: Ground,
  parts: NodeParts,
  more: {
    accounts: AccountService;
    inspections: InspectionService;
    passages: PassageBook;
    disputes: DisputeBook;
    alarms: AlarmBook;
    https: { cert?: Buffer; key?: Buffer };
  },
): Promise<WebServer> {
  const { storage, clock, events } = g;
  const { cert, key } = more.https;
  const drawing = siteDrawing(g.config, parts.checkpoint);
  return buildServer({
    log: g.log,
    clock,
    metrics: g.metrics,
    events,
    accounts: more.accounts,
    targets: parts.targets,
    inspections: more.inspections,
    site: { name: g.config.site.name },
    passages: more.passages,
    disputes: more.disputes,
    creditEntries: (targetId, companyId) => creditEntriesOf(storage, targetId, companyId, clock.now()),
    alarms: more.alarms,
    audit: {
      append: (e) => storage.audit.append({ ...e, atMs: clock.now() }),
      page: (limit, before) => storage.audit.page(limit, before),
      verify: () => storage.audit.verify(),
    },
    photos: storage.photos,
    version: PACKAGE_VERSION,
    secureCookies: cert !== undefined,
    ...(cert && key && { https: { cert, key } }),
    refreshGauges: () => refreshGauges(parts, clock),
    readiness: () => readiness(parts, clock.now()),
    status: () => nodeStatus(parts),
    map: {
      drawing: () => drawing,
      trails: (box, limit) => trailsIn(parts.tracks, box, limit, drawing.trailFixes),
    },
    shifts: { publicView: () => parts.shifts.publicView(), decisions: (id) => storage.decisions.forShift(id) },
    sync: new DeadLetters(storage.outbox, clock, events),
    reviews: storage.reviews,
  });
}

/** 36 months of history, as the score counts it. */
const HISTORY_MS = 36 * 30.44 * 86_400_000;

/** A target's subject in the snapshot: a vessel by MMSI, a vehicle by plate; none for a hull-name track. */
function creditEntriesOf(storage: Storage, targetId: string, companyId: string | null, now: number): CreditEntry[] {
  const m = /^(vessel|vehicle):(.+)$/.exec(targetId);
  if (!m || (m[1] === 'vessel' && !/^\d+$/.test(m[2] as string))) return [];
  return storage.creditEntries.of({ kind: m[1] as string, id: m[2] as string }, companyId, now - HISTORY_MS);
}
