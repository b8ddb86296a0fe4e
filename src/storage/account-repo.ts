import type { Sqlite } from './database.js';

import type { Role } from '../domain/roles.js';

export type { Role };

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  /** Set by an administrator's password reset until the user chooses a new one. */
  mustChangePassword: boolean;
}

export interface SessionRow {
  userId: number;
  createdAt: number;
  lastSeen: number;
}

const SELECT_USER =
  'SELECT id, username, role, password_hash AS passwordHash, disabled, must_change_password AS mustChange FROM users';
type RawUser = Omit<UserRow, 'disabled' | 'mustChangePassword'> & { disabled: number; mustChange: number };
const userOf = (r: RawUser | undefined): UserRow | null =>
  r
    ? {
        id: r.id,
        username: r.username,
        role: r.role,
        passwordHash: r.passwordHash,
        disabled: r.disabled === 1,
        mustChangePassword: r.mustChange === 1,
      }
    : null;

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
  list(): Array<{
    id: number;
    username: string;
    role: Role;
    createdAt: string;
    disabled: boolean;
    mustChangePassword: boolean;
  }> {
    return (
      this.db
        .prepare(
          'SELECT id, username, role, created_at AS createdAt, disabled, must_change_password AS mustChange FROM users ORDER BY id',
        )
        .all() as Array<{
        id: number;
        username: string;
        role: Role;
        createdAt: string;
        disabled: number;
        mustChange: number;
      }>
    ).map(({ mustChange, ...u }) => ({ ...u, disabled: u.disabled === 1, mustChangePassword: mustChange === 1 }));
  }

  byName(username: string): UserRow | null {
    return userOf(this.db.prepare(`${SELECT_USER} WHERE username = ?`).get(username) as RawUser | undefined);
  }

  byId(id: number): UserRow | null {
    return userOf(this.db.prepare(`${SELECT_USER} WHERE id = ?`).get(id) as RawUser | undefined);
  }

  /** Enabled administrators: the last one may not be disabled or demoted. */
  enabledAdmins(): number {
    return this.db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck().get() as number;
  }

  setDisabled(id: number, disabled: boolean): void {
    this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
  }

  setRole(id: number, role: Role): void {
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id);
  }

  setPassword(id: number, passwordHash: string, mustChange: boolean): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?')
      .run(passwordHash, mustChange ? 1 : 0, id);
  }

  /** Ends every session of a user, returning the ended sessions' hashes. */
  deleteSessionsOf(userId: number): string[] {
    return this.db
      .transaction(() => {
        const hashes = this.db
          .prepare('SELECT token_hash FROM sessions WHERE user_id = ?')
          .pluck()
          .all(userId) as string[];
        this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
        return hashes;
      })
      .immediate();
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
