import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { AccountService } from '../accounts/account-service.js';
import type { Target, Tier } from '../domain/target.js';
import type { CapacityPlan } from '../targets/capacity.js';
import type { TargetDetail } from '../targets/target-service.js';
import type { AlarmBook } from '../inspections/alarm-book.js';
import type { InspectionService } from '../inspections/inspection-service.js';
import type { PassageBook } from '../targets/passage-book.js';
import type { DisputeBook } from '../inspections/dispute-book.js';
import type { CreditEntry } from '../storage/credit-entries.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { AuditEntry, AuditRow } from '../storage/audit-repo.js';
import type { DeadLetters } from '../sync/dead-letters.js';
import type { ReviewRepo } from '../storage/review-repo.js';
import type { MapFeature } from '../config/map-schema.js';
import type { Checkpoint } from '../tracks/checkpoint.js';

/** A box of the map in degrees (the terminal's view). */
export interface MapBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** A target's recent fixes, [lat, lon], oldest first. */
export interface Trail {
  id: string;
  points: Array<[number, number]>;
}

/** What the terminal map draws beneath the targets (config `map` and `checkpoint`). */
export interface SiteDrawing {
  site: { name: string; lat: number; lon: number; utcOffsetMinutes: number };
  checkpoint: ReturnType<Checkpoint['shape']>;
  /** Every line or gate: id, name, the kinds it checks and its shape (one, `main`, unless checkpoint.gates sets several). */
  gates: ReturnType<Checkpoint['shapes']>;
  watchRadiusM: number;
  speedZones: ReadonlyArray<{ name: string; polygon: Array<[number, number]>; maxKn: number }>;
  features: readonly MapFeature[];
  etaRings: {
    kind: 'vessel' | 'vehicle';
    speedKn: number;
    speedKmh: number;
    rings: Array<{ minutes: number; vesselM: number; vehicleM: number }>;
  };
  trailFixes: number;
}

export interface ReadinessCheck {
  ok: boolean;
  detail: string;
  /** The detail shown without a session, when `detail` names files or addresses. */
  public?: string;
}

/** What the web layer needs from the rest of the node; app.ts provides it. */
export interface WebDeps {
  log: Logger;
  clock: Clock;
  metrics: Metrics;
  accounts: AccountService;
  targets: {
    list(): Target[];
    get(id: string): Target | undefined;
    override(id: string, tier: Tier, by: string, reason: string): Target | undefined;
    describe(id: string): TargetDetail | null;
    /** The next hour's boardings against capacity; null when the policy sets none. */
    capacity(): Omit<CapacityPlan, 'states'> | null;
    readonly version: number;
  };
  inspections: InspectionService;
  /** The checkpoint, as printed forms name it. */
  site: { name: string };
  passages: Pick<PassageBook, 'list' | 'call' | 'start' | 'finish' | 'get'>;
  disputes: Pick<DisputeBook, 'open' | 'list'>;
  /** A target's credit entries whatever their standing (its company's list entries too), as disputes name them. */
  creditEntries(targetId: string, companyId: string | null): CreditEntry[];
  alarms: Pick<AlarmBook, 'get' | 'recent' | 'waiting' | 'acknowledge'>;
  readiness(): Record<string, ReadinessCheck>;
  map: {
    drawing(): SiteDrawing;
    /** Recent fixes of the targets in the box, at most `limit` of them. */
    trails(box: MapBox, limit: number): Trail[];
  };
  /** Node, site, adapters, devices, drops, snapshot and shift, for the terminal. */
  status(): Record<string, unknown>;
  /** The node's events: the live list follows `targets-changed`. */
  events: Pick<EventBus, 'on'>;
  /** Refreshes gauges computed on demand (outbox backlog, snapshot age). */
  refreshGauges(): void;
  shifts: {
    /** Current commitment and past shifts with their revealed seeds. */
    publicView(): unknown;
    decisions(shiftId: string): unknown[];
  };
  sync: Pick<DeadLetters, 'list' | 'retry' | 'retire'>;
  /** The central's reviews of this node's inspection records. */
  reviews: Pick<ReviewRepo, 'list'>;
  audit: {
    /** Appends at the node's clock time. */
    append(e: Omit<AuditEntry, 'atMs'>): number;
    page(limit: number, before?: number): AuditRow[];
    verify(): { ok: boolean; checked: number; brokenAt: number | null; problem: string | null };
  };
  photos: {
    add(
      inspectionId: string,
      contentType: 'image/jpeg' | 'image/png',
      data: Buffer,
    ): { sha256: string; contentType: string; bytes: number };
    read(inspectionId: string, sha256: string): { contentType: string; data: Buffer } | null;
  };
  version: string;
  /** Set Secure on cookies (behind TLS). */
  secureCookies: boolean;
  /** Serve over HTTPS with this certificate and key. */
  https?: { cert: Buffer; key: Buffer };
}
