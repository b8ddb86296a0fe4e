import { createReadStream } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../clock.js';
import { KakouError, isKakouError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { CreditLookup } from '../domain/credit-profile.js';
import type { SnapshotMeta, SnapshotStore } from '../storage/snapshot-store.js';
import { keyId, publicKeyFromRaw } from '../sync/signing.js';
import { importSnapshot } from './importer.js';

export interface SnapshotStatus {
  loaded: boolean;
  version: number | null;
  issuer: string | null;
  issuedAt: string | null;
  validUntil: string | null;
  importedAt: string | null;
  ageSeconds: number | null;
  stale: boolean;
  expired: boolean;
}

export type Progress = (p: { bytes: number; records: number; done: boolean }) => void;

/** Trusted issuer keys from configuration: raw Ed25519 public keys in hex, indexed by key id. */
export function trustedKeyMap(hexKeys: readonly string[]): Map<string, KeyObject> {
  const map = new Map<string, KeyObject>();
  for (const hex of hexKeys) {
    const raw = Buffer.from(hex, 'hex');
    map.set(keyId(raw), publicKeyFromRaw(raw));
  }
  return map;
}

/**
 * The credit snapshot in force: imports (one at a time, from a file, a USB stick or the central),
 * and its status. Scoring reads it through `lookup`; a successful import emits `credit-changed`.
 */
export class SnapshotService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SnapshotStore,
    readonly lookup: CreditLookup & { invalidate(): void; index(): Promise<number | null> },
    private readonly trustedKeys: ReadonlyMap<string, KeyObject>,
    private readonly clock: Clock,
    private readonly staleAfterMs: number,
    private readonly log: Logger,
    private readonly events: EventSink,
    /** The id of the driver-id key this node holds (drivers are kept only under it), or null. */
    private readonly driverIdKeyId: string | null = null,
  ) {}

  meta(): SnapshotMeta | null {
    return this.store.meta();
  }

  /**
   * A snapshot file named in the configuration (say, on a USB stick) is imported at start when it
   * is newer; one that is not newer, or is refused, leaves the snapshot in force and the node starts.
   */
  async importAtStart(file: string): Promise<void> {
    try {
      await this.importFile(file);
    } catch (err) {
      if (isKakouError(err) && err.code === 'KAKOU_E_SNAPSHOT_OLDER') return;
      this.log.error(
        { err: isKakouError(err) ? { code: err.code, message: err.message, details: err.details } : err, file },
        'credit snapshot file refused; the snapshot in force is unchanged',
      );
    }
  }

  /** Packs the snapshot in force into memory in the background; until it is done lookups read SQLite. */
  packInBackground(isOpen: () => boolean): void {
    void this.lookup.index().then(
      (bytes) => bytes !== null && this.log.info({ bytes }, 'credit snapshot packed in memory'),
      (err: unknown) => isOpen() && this.log.warn({ err }, 'credit snapshot not packed; lookups read SQLite'),
    );
  }

  /** Imports a snapshot stream; rejects with a KAKOU_E_SNAPSHOT_* code and leaves the one in force unchanged. */
  importStream(
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    source: string,
    onProgress?: Progress,
  ): Promise<SnapshotMeta> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const started = this.clock.now();
        let lastLog = 0;
        const meta = await importSnapshot(this.store, chunks, {
          trustedKeys: this.trustedKeys,
          now: started,
          source,
          driverIdKeyId: this.driverIdKeyId,
          onProgress: (p) => {
            onProgress?.(p);
            if (!onProgress && (p.done || p.records - lastLog >= 200_000)) {
              lastLog = p.records;
              this.log.info({ source, records: p.records, bytes: p.bytes }, 'credit snapshot import progress');
            }
          },
        });
        this.log.info(
          {
            version: meta.version,
            base: meta.baseVersion,
            records: meta.recordCount,
            source,
            ms: this.clock.now() - started,
          },
          'credit snapshot in force',
        );
        this.lookup.invalidate();
        this.events.emit('credit-changed', { version: meta.version });
        return meta;
      });
    this.queue = run;
    return run;
  }

  importFile(file: string, onProgress?: Progress): Promise<SnapshotMeta> {
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return opened.then(
      () => this.importStream(stream, `file:${file}`, onProgress),
      (err: NodeJS.ErrnoException) => {
        throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `cannot read ${file}`, [
          `${file}: ${err.code ?? err.message}`,
        ]);
      },
    );
  }

  /** When the snapshot in force is stale, since when (ISO); null when fresh or none is loaded. */
  staleSince(): string | null {
    const s = this.status();
    return s.loaded && s.stale ? s.issuedAt : null;
  }

  status(): SnapshotStatus {
    const m = this.store.meta();
    const now = this.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      loaded: !!m,
      version: m?.version ?? null,
      issuer: m?.issuer ?? null,
      issuedAt: m ? iso(m.issuedAtMs) : null,
      validUntil: m ? iso(m.validUntilMs) : null,
      importedAt: m ? iso(m.importedAtMs) : null,
      ageSeconds: m ? Math.round((now - m.issuedAtMs) / 1000) : null,
      stale: !m || now - m.issuedAtMs > this.staleAfterMs,
      expired: !m || now > m.validUntilMs,
    };
  }
}
