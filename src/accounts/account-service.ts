import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Role } from '../domain/roles.js';
import type { AccountRepo, UserRow } from '../storage/account-repo.js';
import { hashPassword, passwordProblem, randomPassword, verifyPassword } from './password.js';

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  /** An administrator reset the password: the session may only change it (and log out). */
  mustChangePassword?: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * Touching a session on every request would write on every poll. A touch at most every tenth of
 * the idle timeout (and at most once a minute) keeps an active session alive however short the
 * timeout: the idle clock is never more than a tenth behind.
 */
const MAX_TOUCH_EVERY_MS = 60_000;

/** Why a session ended: its owner logged out, it sat idle, it outlived its absolute lifetime, or its account changed. */
export type SessionEnd = 'logout' | 'idle' | 'expired' | 'account';
export type SessionEndListener = (tokenHash: string, why: SessionEnd) => void;

/**
 * Users, passwords and terminal sessions. There is no default password: the first administrator
 * is created with a one-time setup token that the node prints at start, or by `kakou demo`.
 */
export class AccountService {
  readonly setupToken: string | null;
  private readonly attempts = new Map<string, { count: number; windowStart: number }>();
  private readonly endListeners = new Set<SessionEndListener>();
  private readonly touchEveryMs: number;
  // A dummy hash so an unknown user name costs as much time as a wrong password.
  private readonly dummyHash = hashPassword(randomBytes(12).toString('hex'));

  constructor(
    private readonly repo: AccountRepo,
    private readonly clock: Clock,
    private readonly opts: { idleMs: number; maxAgeMs: number; attemptsPerMinute: number },
    private readonly log: Logger,
  ) {
    this.touchEveryMs = Math.min(MAX_TOUCH_EVERY_MS, Math.floor(opts.idleMs / 10));
    this.setupToken = repo.count() === 0 ? randomBytes(16).toString('hex') : null;
  }

  needsSetup(): boolean {
    return this.repo.count() === 0;
  }

  users(): ReturnType<AccountRepo['list']> {
    return this.repo.list();
  }

  async createUser(username: string, password: string, role: Role): Promise<SessionUser> {
    const problem = passwordProblem(password);
    if (problem)
      throw new KakouError('KAKOU_E_API_VALIDATION', `password needs ${problem}`, [`password: needs ${problem}`]);
    if (this.repo.byName(username))
      throw new KakouError('KAKOU_E_USER_EXISTS', undefined, [`username: ${username} is taken`]);
    const id = this.repo.insert(username, role, await hashPassword(password), new Date(this.clock.now()).toISOString());
    this.log.info({ username, role }, 'user created');
    return { id, username, role };
  }

  /**
   * An administrator disables or enables an account, or changes its role. Disabling ends every
   * session of the account at once (open event streams included); the last enabled administrator
   * can be neither disabled nor given another role.
   */
  updateUser(username: string, change: { disabled?: boolean; role?: Role }): ReturnType<AccountRepo['list']>[number] {
    const user = this.userNamed(username);
    const losesAdmin =
      user.role === 'admin' && !user.disabled && (change.disabled === true || (change.role && change.role !== 'admin'));
    if (losesAdmin && this.repo.enabledAdmins() <= 1) throw new KakouError('KAKOU_E_USER_LAST_ADMIN');
    if (change.role && change.role !== user.role) this.repo.setRole(user.id, change.role);
    if (change.disabled !== undefined && change.disabled !== user.disabled) {
      this.repo.setDisabled(user.id, change.disabled);
      if (change.disabled) this.endSessionsOf(user.id);
    }
    this.log.info({ username, ...change }, 'user changed');
    return this.repo.list().find((u) => u.id === user.id) as ReturnType<AccountRepo['list']>[number];
  }

  /**
   * An administrator resets a forgotten password: a temporary one, shown to the administrator
   * once, that the user must replace at the next login. The user's sessions end.
   */
  async resetPassword(username: string): Promise<string> {
    const user = this.userNamed(username);
    const temporary = randomPassword();
    this.repo.setPassword(user.id, await hashPassword(temporary), true);
    this.endSessionsOf(user.id);
    this.log.info({ username }, 'password reset');
    return temporary;
  }

  /** A user changes their own password (required after a reset), proving the current one. */
  async changePassword(user: SessionUser, current: string, next: string): Promise<void> {
    const row = this.repo.byId(user.id);
    if (!row || !(await verifyPassword(current, row.passwordHash))) throw new KakouError('KAKOU_E_AUTH_FAILED');
    const problem = passwordProblem(next);
    if (problem)
      throw new KakouError('KAKOU_E_API_VALIDATION', `password needs ${problem}`, [`next: needs ${problem}`]);
    if (next === current)
      throw new KakouError('KAKOU_E_API_VALIDATION', undefined, ['next: must differ from the current password']);
    this.repo.setPassword(row.id, await hashPassword(next), false);
    this.log.info({ username: row.username }, 'password changed');
  }

  private userNamed(username: string): UserRow {
    const user = this.repo.byName(username);
    if (!user) throw new KakouError('KAKOU_E_USER_UNKNOWN', undefined, [`username: no user ${username}`]);
    return user;
  }

  private endSessionsOf(userId: number): void {
    for (const hash of this.repo.deleteSessionsOf(userId)) this.ended(hash, 'account');
  }

  async setup(token: string, username: string, password: string): Promise<SessionUser> {
    if (!this.needsSetup() || !this.setupToken) throw new KakouError('KAKOU_E_SETUP_DONE');
    const a = Buffer.from(sha256(token));
    const b = Buffer.from(sha256(this.setupToken));
    if (!timingSafeEqual(a, b)) throw new KakouError('KAKOU_E_SETUP_TOKEN');
    const problem = passwordProblem(password);
    if (problem)
      throw new KakouError('KAKOU_E_API_VALIDATION', `password needs ${problem}`, [`password: needs ${problem}`]);
    const id = this.repo.insertFirst(
      username,
      'admin',
      await hashPassword(password),
      new Date(this.clock.now()).toISOString(),
    );
    if (id === null) throw new KakouError('KAKOU_E_SETUP_DONE');
    this.log.info({ username }, 'first administrator created');
    return { id, username, role: 'admin' };
  }

  async login(username: string, password: string, address: string): Promise<{ token: string; user: SessionUser }> {
    // The attempt is counted before the password is checked: guesses sent at once must not all
    // pass the check while the first hashes run.
    this.countAttempt(`${address}|${username}`);
    const user = this.repo.byName(username);
    const ok =
      user && !user.disabled
        ? await verifyPassword(password, user.passwordHash)
        : (await verifyPassword(password, await this.dummyHash), false);
    if (!ok || !user) throw new KakouError('KAKOU_E_AUTH_FAILED');
    this.attempts.delete(`${address}|${username}`);
    const token = randomBytes(32).toString('base64url');
    this.repo.createSession(sha256(token), user.id, this.clock.now());
    this.log.info({ username, role: user.role }, 'login');
    return { token, user: toSessionUser(user) };
  }

  /** The user behind a session token, or null if it is unknown, idle too long, too old or disabled. Counts as activity. */
  authenticate(token: string | undefined): SessionUser | null {
    return this.check(token, true);
  }

  /** Whether a session is still good, without counting as activity (an open event stream asks this). */
  stillValid(token: string | undefined): boolean {
    return this.check(token, false) !== null;
  }

  /** Calls `listener` whenever a session ends; returns the unsubscribe function. */
  onSessionEnded(listener: SessionEndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The key an event stream remembers its session by (the stored hash, never the token). */
  sessionKey(token: string): string {
    return sha256(token);
  }

  logout(token: string | undefined): void {
    if (!token) return;
    const hash = sha256(token);
    this.repo.deleteSession(hash);
    this.ended(hash, 'logout');
  }

  sweep(): void {
    const now = this.clock.now();
    for (const s of this.repo.sessionsEndedBy(now - this.opts.idleMs, now - this.opts.maxAgeMs)) {
      this.repo.deleteSession(s.tokenHash);
      this.ended(s.tokenHash, s.lastSeen < now - this.opts.idleMs ? 'idle' : 'expired');
    }
    for (const [k, f] of this.attempts) if (now - f.windowStart >= 60_000) this.attempts.delete(k);
  }

  private check(token: string | undefined, touch: boolean): SessionUser | null {
    if (!token) return null;
    const hash = sha256(token);
    const s = this.repo.session(hash);
    if (!s) return null;
    const now = this.clock.now();
    const why =
      now - s.lastSeen > this.opts.idleMs ? 'idle' : now - s.createdAt > this.opts.maxAgeMs ? 'expired' : null;
    if (why) {
      this.repo.deleteSession(hash);
      this.ended(hash, why);
      return null;
    }
    const user = this.repo.byId(s.userId);
    if (!user || user.disabled) return null;
    if (touch && now - s.lastSeen >= this.touchEveryMs) this.repo.touchSession(hash, now);
    return toSessionUser(user);
  }

  private ended(tokenHash: string, why: SessionEnd): void {
    for (const l of this.endListeners) {
      try {
        l(tokenHash, why);
      } catch (err) {
        this.log.error({ err }, 'session end listener failed');
      }
    }
  }

  private countAttempt(key: string): void {
    const now = this.clock.now();
    const a = this.attempts.get(key);
    if (!a || now - a.windowStart >= 60_000) {
      // Bound the table: a scan of many addresses must not grow memory without limit.
      if (this.attempts.size >= 10_000) this.sweep();
      this.attempts.set(key, { count: 1, windowStart: now });
      return;
    }
    if (a.count >= this.opts.attemptsPerMinute) throw new KakouError('KAKOU_E_AUTH_RATE_LIMITED');
    a.count++;
  }
}

const toSessionUser = (u: UserRow): SessionUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  ...(u.mustChangePassword && { mustChangePassword: true }),
});
