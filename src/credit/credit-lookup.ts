import type { CreditGrade, ListEntry } from '../domain/credit.js';
import { worseGrade, type CreditLookup, type CreditProfile } from '../domain/credit-profile.js';
import type { CreditSource, IndexedSubject } from '../domain/credit-source.js';
import type { CreditRows } from '../storage/credit-rows.js';
import type { SqlCreditSource } from '../storage/credit-sql-source.js';
import type { CreditIndex } from './credit-index.js';
import { buildCreditIndex } from './credit-index-build.js';

const MONTHS_36_MS = 36 * 30.44 * 86_400_000;

/**
 * Credit lookups for scoring. Once `index()` has packed the snapshot in force into memory, a lookup
 * is a hash-table probe and a small decode (microseconds at a million subjects); until then, and for the
 * alternative identities, it reads SQLite with indexed point queries. Both sources give the same
 * profile (tests/integration/credit-index.test.ts).
 */
export class IndexedCreditLookup implements CreditLookup {
  private packed: CreditIndex | null = null;
  private generation = 0;
  private indexing = false;
  private running: Promise<number | null> | null = null;

  constructor(
    private readonly sql: SqlCreditSource,
    private readonly rows: CreditRows,
  ) {}

  get version(): number {
    return this.sql.version;
  }

  /** Bytes of the in-memory index, or null while lookups read SQLite. */
  get indexBytes(): number | null {
    return this.packed?.bytes ?? null;
  }

  vessel(mmsi: number, now: number, alt?: { imo?: number | null; name?: string | null }): CreditProfile {
    const packed = this.packed;
    const inIndex = packed !== null && Number.isInteger(mmsi) && mmsi >= 0 && mmsi <= 0xffffffff;
    return this.reading(inIndex, (source) => {
      const since = now - MONTHS_36_MS;
      let hit = source.vessel(mmsi, since);
      let identity: CreditProfile['identity'];
      if (!hit && alt) {
        // A vessel may broadcast an MMSI that is not on record (a new, a borrowed or a forged one):
        // the IMO number or a unique name still finds the registered vessel and its credit.
        const registered = this.sql.vesselMmsiBy({ imo: alt.imo, name: alt.name });
        hit = registered ? source.vessel(registered.mmsi, since) : null;
        if (hit && registered)
          identity = { matchedBy: registered.matchedBy === 'imo' ? 'imo' : 'name', registeredMmsi: registered.mmsi };
      }
      const profile = this.profile(source, 'vessel', String(hit?.subject.mmsi ?? mmsi), hit, now);
      profile.vessel = hit?.subject ?? null;
      if (hit?.subject.flag) profile.flagState = source.flagState(hit.subject.flag);
      if (hit?.subject.roId) profile.ro = source.ro(hit.subject.roId);
      if (identity) profile.identity = identity;
      return profile;
    });
  }

  vehicle(plate: string | null, terminalId: string, now: number, driverIdHash?: string | null): CreditProfile {
    return this.reading(this.packed !== null, (source) => {
      const hit = source.vehicle(plate, terminalId, now - MONTHS_36_MS);
      const profile = this.profile(source, 'vehicle', hit?.subject.plate ?? plate ?? terminalId, hit, now);
      profile.vehicle = hit?.subject ?? null;
      // Both are kept after their first read (until the snapshot changes), which is in a read transaction of its own.
      if (hit) profile.documents = this.sql.documents(hit.subject.plate);
      if (driverIdHash) profile.driver = this.sql.driver(driverIdHash);
      return profile;
    });
  }

  /** Other identities a vessel may be found by (AIS type 5 IMO, hull OCR name, registration number). */
  vesselMmsiBy(key: { imo?: number; registrationNo?: string; name?: string }): number | null {
    return this.sql.vesselMmsiBy(key)?.mmsi ?? null;
  }

  /** Forgets what was read of the snapshot before: call when another snapshot comes into force. */
  invalidate(): void {
    this.sql.forget();
    this.packed = null;
    this.generation++;
    // A failed packing leaves lookups on SQLite, which answers the same, only slower.
    if (this.indexing && !this.running) void this.index().catch(() => undefined);
  }

  /**
   * Packs the snapshot in force into memory, yielding to the event loop as it goes; lookups read
   * SQLite meanwhile, and every snapshot that comes into force later is packed in turn. Resolves
   * with the index's size in bytes, or null when no snapshot is loaded.
   */
  index(): Promise<number | null> {
    this.indexing = true;
    this.running ??= (async () => {
      try {
        for (;;) {
          const generation = this.generation;
          const built = await buildCreditIndex(this.rows, () => generation === this.generation);
          if (generation !== this.generation) continue; // another snapshot came into force meanwhile: pack that one
          this.packed = built && built.version > 0 ? built : null;
          return this.indexBytes;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private reading(inIndex: boolean, fn: (source: CreditSource) => CreditProfile): CreditProfile {
    return inIndex && this.packed ? fn(this.packed) : this.sql.inRead(() => fn(this.sql));
  }

  private profile(
    source: CreditSource,
    kind: 'vessel' | 'vehicle',
    subjectId: string,
    hit: IndexedSubject<{ companyId?: string; grade?: CreditGrade }> | null,
    now: number,
  ): CreditProfile {
    const companyId = hit?.subject.companyId;
    const company = companyId ? source.company(companyId) : null;
    const own = source.lists(kind, subjectId);
    const theirs = companyId ? source.lists('company', companyId) : [];
    // Most subjects are on no list: skip the date filtering for them.
    const lists = own.length + theirs.length === 0 ? [] : [...inForce(own, now), ...inForce(theirs, now)];
    return {
      known: hit !== null,
      subjectGrade: hit?.subject.grade ?? null,
      company,
      grade: worseGrade(hit?.subject.grade, company?.grade ?? null),
      lists,
      history: hit?.history ?? null,
      vessel: null,
      vehicle: null,
    };
  }
}

function inForce(entries: readonly ListEntry[], now: number): ListEntry[] {
  return entries.filter((e) => Date.parse(e.from) <= now && (!e.until || Date.parse(e.until) > now));
}
