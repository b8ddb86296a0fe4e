import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { AuditRepo } from './audit-repo.js';
import { AccountRepo } from './account-repo.js';
import { openDatabase, type Sqlite } from './database.js';
import { DecisionRepo } from './decision-repo.js';
import { AlarmRepo } from './alarm-repo.js';
import { OverrideRepo } from './override-repo.js';
import { PassageRepo } from './passage-repo.js';
import { CreditEntries } from './credit-entries.js';
import { DisputeRepo } from './dispute-repo.js';
import { InspectionRepo } from './inspection-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { DeliveredRepo } from './delivered-repo.js';
import { ReviewRepo } from './review-repo.js';
import { ScoreVolumeRepo } from './score-volume-repo.js';
import { ChainAnchorRepo } from './chain-anchor-repo.js';
import { StorageMaintenance } from './maintenance.js';
import { PhotoStore } from './photo-store.js';
import { PhotoUplinkRepo } from './photo-uplink-repo.js';
import { ShiftRepo } from './shift-repo.js';
import { CreditRows } from './credit-rows.js';
import { SqlCreditSource } from './credit-sql-source.js';
import { SnapshotStore } from './snapshot-store.js';

/** The storage facade: one repository per aggregate over one SQLite database. */
export class Storage {
  readonly inspections: InspectionRepo;
  readonly overrides: OverrideRepo;
  readonly alarms: AlarmRepo;
  readonly passages: PassageRepo;
  readonly disputes: DisputeRepo;
  /** The snapshot's list entries and history events whatever their standing, as disputes name them. */
  readonly creditEntries: CreditEntries;
  readonly outbox: OutboxRepo;
  readonly delivered: DeliveredRepo;
  readonly reviews: ReviewRepo;
  readonly scoreVolume: ScoreVolumeRepo;
  /** A restored database's wait to re-anchor its chain at the central. */
  readonly chainAnchor: ChainAnchorRepo;
  readonly snapshots: SnapshotStore;
  /** The snapshot in force by point queries (src/credit/ answers lookups from these and its index). */
  readonly creditSql: SqlCreditSource;
  /** The snapshot in force read whole, for the in-memory credit index. */
  readonly creditRows: CreditRows;
  readonly shifts: ShiftRepo;
  readonly accounts: AccountRepo;
  readonly decisions: DecisionRepo;
  readonly audit: AuditRepo;
  readonly photos: PhotoStore;
  readonly photoUplink: PhotoUplinkRepo;
  readonly file: string;
  readonly maintenance: StorageMaintenance;
  private readonly db: Sqlite;

  constructor(dataDir: string, busyTimeoutMs: number, log: Logger, nodeId = 'kakou-node') {
    this.file = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'kakou.db');
    this.db = openDatabase(this.file, { busyTimeoutMs }, log);
    this.inspections = new InspectionRepo(this.db);
    this.overrides = new OverrideRepo(this.db);
    this.alarms = new AlarmRepo(this.db);
    this.passages = new PassageRepo(this.db);
    this.disputes = new DisputeRepo(this.db);
    this.creditEntries = new CreditEntries(this.db);
    this.outbox = new OutboxRepo(this.db);
    this.delivered = new DeliveredRepo(this.db);
    this.reviews = new ReviewRepo(this.db);
    this.scoreVolume = new ScoreVolumeRepo(this.db);
    this.chainAnchor = new ChainAnchorRepo(this.db);
    this.snapshots = new SnapshotStore(this.db);
    this.creditSql = new SqlCreditSource(this.db);
    this.creditRows = new CreditRows(this.db);
    this.shifts = new ShiftRepo(this.db);
    this.accounts = new AccountRepo(this.db);
    this.decisions = new DecisionRepo(this.db, nodeId);
    this.audit = new AuditRepo(this.db);
    this.photoUplink = new PhotoUplinkRepo(this.db, nodeId);
    this.maintenance = new StorageMaintenance(this.db, this.file);
    this.photos = new PhotoStore(
      dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'kakou-photos-')) : join(dataDir, 'photos'),
    );
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** A cheap query proving the database answers. */
  ping(): boolean {
    try {
      return this.db.open && (this.db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
    } catch {
      return false;
    }
  }

  close(): void {
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied database is complete on its own.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
