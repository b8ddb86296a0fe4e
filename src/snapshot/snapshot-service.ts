import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import type { Clock } from '../clock.js';
import type { CreditSnapshot } from '../domain/credit.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CreditIndex } from '../scoring/credit-index.js';
import type { SnapshotRepo } from '../storage/snapshot-repo.js';
import { SnapshotSchema } from './snapshot-schema.js';

export interface SnapshotStatus {
  loaded: boolean;
  version: number | null;
  issuedAt: string | null;
  validUntil: string | null;
  importedAt: string | null;
  stale: boolean;
  expired: boolean;
}

export function parseSnapshot(text: string, origin: string): CreditSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `${origin} is not JSON`, [`${origin}: ${(err as Error).message}`]);
  }
  if (!Value.Check(SnapshotSchema, raw)) {
    const problems = [...Value.Errors(SnapshotSchema, raw)].slice(0, 50).map((e) => `${origin}: ${e.instancePath || '/'} ${e.message}`);
    throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `${origin} is not a valid credit snapshot`, problems);
  }
  return raw as CreditSnapshot;
}

/** Holds the snapshot in force and its index; imports newer ones, refusing older versions. */
export class SnapshotService {
  private index: CreditIndex | null = null;
  private importedAt: string | null = null;

  constructor(
    private readonly repo: SnapshotRepo,
    private readonly clock: Clock,
    private readonly staleAfterMs: number,
    private readonly log: Logger,
    private readonly onChange: (index: CreditIndex) => void,
  ) {}

  /** Loads whatever the database holds; call once at start. */
  loadStored(): void {
    const stored = this.repo.current();
    if (!stored) return;
    this.index = new CreditIndex(stored.snapshot);
    this.importedAt = stored.importedAt;
    this.log.info({ version: stored.snapshot.version }, 'credit snapshot loaded');
    this.onChange(this.index);
  }

  /** Imports a snapshot if it is newer than the one in force. Returns whether it was applied. */
  import(snapshot: CreditSnapshot, source: string): boolean {
    const current = this.repo.currentVersion();
    if (snapshot.version <= current) {
      this.log.info({ version: snapshot.version, current }, 'credit snapshot not newer than the one in force; kept the current one');
      return false;
    }
    const importedAt = new Date(this.clock.now()).toISOString();
    this.repo.save(snapshot, source, importedAt);
    this.index = new CreditIndex(snapshot);
    this.importedAt = importedAt;
    this.log.info({ version: snapshot.version, source, vessels: snapshot.vessels.length, vehicles: snapshot.vehicles.length }, 'credit snapshot imported');
    this.onChange(this.index);
    return true;
  }

  importFile(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `cannot read ${file}`, [`${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
    }
    return this.import(parseSnapshot(text, file), `file:${file}`);
  }

  get current(): CreditIndex | null {
    return this.index;
  }

  status(): SnapshotStatus {
    const s = this.index?.snapshot;
    const now = this.clock.now();
    return {
      loaded: !!s,
      version: s?.version ?? null,
      issuedAt: s?.issuedAt ?? null,
      validUntil: s?.validUntil ?? null,
      importedAt: this.importedAt,
      stale: !s || now - Date.parse(s.issuedAt) > this.staleAfterMs,
      expired: !s || now > Date.parse(s.validUntil),
    };
  }
}
