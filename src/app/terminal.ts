import type { AccountService } from '../accounts/account-service.js';
import type { AlarmBook } from '../inspections/alarm-book.js';
import type { InspectionService } from '../inspections/inspection-service.js';
import type { PassageBook } from '../targets/passage-book.js';
import { PACKAGE_VERSION } from '../paths.js';
import { DeadLetters } from '../sync/dead-letters.js';
import { buildServer, type WebServer } from '../web/build-server.js';
import { refreshGauges } from './gauges.js';
import type { NodeParts } from './node-parts.js';
import { nodeStatus } from './node-status.js';
import { readiness } from './readiness.js';
import type { Ground } from './stages.js';

/** The officers' terminal and the node's HTTP API, over what the node is built of. */
export function buildTerminal(
  g: Ground,
  parts: NodeParts,
  more: {
    accounts: AccountService;
    inspections: InspectionService;
    passages: PassageBook;
    alarms: AlarmBook;
    https: { cert?: Buffer; key?: Buffer };
  },
): Promise<WebServer> {
  const { storage, clock, events } = g;
  const { cert, key } = more.https;
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
    readiness: () => readiness(parts),
    status: () => nodeStatus(parts),
    shifts: { publicView: () => parts.shifts.publicView(), decisions: (id) => storage.decisions.forShift(id) },
    sync: new DeadLetters(storage.outbox, clock, events),
  });
}
