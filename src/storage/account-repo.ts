import type { Sqlite } from './database.js';

import type { Role } from '../domain/roles.js';

export type { Role };

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

export interface SessionRow {
  userId: number;
  createdAt: number;
  lastSeen: number;
}

/** Users and their terminal sessions. Session tokens are stored hashed, never in clear. */
export class AccountRepo {
  constructor(private readonly db: Sqlite) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  insert(username: string, role: Role, passwordHash: string, createdAt: string): number {
    return Number(
      this.db
        .prepare('INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(username, role, passwordHash, createdAt).lastInsertRowid,
    );
  }

  /** Inserts the first user only if there is none yet, atomically (two setup requests cannot both win). */
  insertFirst(username: string, role: Role, passwordHash: string, createdAt: string): number | null {
    return this.db
      .transaction(() => (this.count() === 0 ? this.insert(username, role, passwordHash, createdAt) : null))
      .immediate();
  }

  /** Every user, without password hashes. */
  list(): Array<{ id: number; username: string; role: Role; createdAt: string; disabled: boolean }> {
    return (
      this.db
        .prepare('SELECT id, username, role, created_at AS createdAt, disabled FROM users ORDER BY id')
        .all() as Array<{ id: number; username: string; role: Role; createdAt: string; disabled: number }>
    ).map((u) => ({ ...u, disabled: u.disabled === 1 }));
  }

  byName(username: string): UserRow | null {
    const r = this.db
      .prepare('SELECT id, username, role, password_hash AS passwordHash, disabled FROM users WHERE username = ?')
      .get(username) as (Omit<UserRow, 'disabled'> & { disabled: number }) | undefined;
    return r ? { ...r, disabled: r.disabled === 1 } : null;
  }

  byId(id: number): UserRow | null {
    const r = this.db
      .prepare('SELECT id, username, role, password_hash AS passwordHash, disabled FROM users WHERE id = ?')
      .get(id) as (Omit<UserRow, 'disabled'> & { disabled: number }) | undefined;
    return r ? { ...r, disabled: r.disabled === 1 } : null;
  }

  createSession(tokenHash: string, userId: number, now: number): void {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES (?, ?, ?, ?)')
      .run(tokenHash, userId, now, now);
  }

  session(tokenHash: string): SessionRow | null {
    return (
      (this.db
        .prepare(
          'SELECT user_id AS userId, created_at AS createdAt, last_seen AS lastSeen FROM sessions WHERE token_hash = ?',
        )
        .get(tokenHash) as SessionRow | undefined) ?? null
    );
  }

  touchSession(tokenHash: string, now: number): void {
    this.db.prepare('UPDATE sessions SET last_seen = ? WHERE token_hash = ?').run(now, tokenHash);
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  /** Sessions idle since before `idleBefore` or created before `createdBefore`. */
  sessionsEndedBy(idleBefore: number, createdBefore: number): Array<{ tokenHash: string; lastSeen: number }> {
    return this.db
      .prepare(
        'SELECT token_hash AS tokenHash, last_seen AS lastSeen FROM sessions WHERE last_seen < ? OR created_at < ?',
      )
      .all(idleBefore, createdBefore) as Array<{ tokenHash: string; lastSeen: number }>;
  }
}
