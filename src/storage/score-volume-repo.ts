import type { Sqlite } from './database.js';

export interface VolumeRow {
  hour: number;
  total: number;
  overriding: number;
  counts: number[];
}

/** Passages' scores per hour (scoring/volume-thresholds.ts), kept so volume thresholds survive a restart. */
export class ScoreVolumeRepo {
  constructor(private readonly db: Sqlite) {}

  /** Writes the hours given, scored under `policy` (`name@version`), and forgets those before `keepFromHour`, in one transaction. */
  save(hours: readonly VolumeRow[], keepFromHour: number, policy: string): void {
    const upsert = this.db.prepare(
      `INSERT INTO score_volume (hour, total, overriding, counts, policy) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (hour) DO UPDATE SET total = excluded.total, overriding = excluded.overriding,
         counts = excluded.counts, policy = excluded.policy`,
    );
    this.db
      .transaction(() => {
        for (const h of hours) upsert.run(h.hour, h.total, h.overriding, JSON.stringify(h.counts), policy);
        this.db.prepare('DELETE FROM score_volume WHERE hour < ?').run(keepFromHour);
      })
      .immediate();
  }

  /** The hours from `fromHour` scored under `policy`. */
  since(fromHour: number, policy: string): VolumeRow[] {
    return (
      this.db
        .prepare(
          'SELECT hour, total, overriding, counts FROM score_volume WHERE hour >= ? AND policy = ? ORDER BY hour',
        )
        .all(fromHour, policy) as Array<Omit<VolumeRow, 'counts'> & { counts: string }>
    ).map((r) => ({ ...r, counts: JSON.parse(r.counts) as number[] }));
  }
}
