import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { KakouError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AccountRepo, Role, UserRow } from '../storage/account-repo.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Touching a session on every request would write on every poll; once a minute is enough for an idle timeout. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Users, passwords and terminal sessions. There is no default password: the first administrator
 * is created with a one-time setup token that the node prints at start, or by `kakou demo`.
 */
export class AccountService {
  readonly setupToken: string | null;
  private readonly failures = new Map<string, { count: number; windowStart: number }>();
  // A dummy hash so an unknown user name costs as much time as a wrong password.
  private readonly dummyHash = hashPassword(randomBytes(12).toString('hex'));

  constructor(
    private readonly repo: AccountRepo,
    private readonly clock: Clock,
    private readonly opts: { idleMs: number; attemptsPerMinute: number },
    private readonly log: Logger,
  ) {
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
    if (problem) throw new KakouError('KAKOU_E_API_VALIDATION', `password needs ${problem}`, [`password: needs ${problem}`]);
    if (this.repo.byName(username)) throw new KakouError('KAKOU_E_USER_EXISTS', undefined, [`username: ${username} is taken`]);
    const id = this.repo.insert(username, role, await hashPassword(password), new Date(this.clock.now()).toISOString());
    this.log.info({ username, role }, 'user created');
    return { id, username, role };
  }

  async setup(token: string, username: string, password: string): Promise<SessionUser> {
    if (!this.needsSetup() || !this.setupToken) throw new KakouError('KAKOU_E_SETUP_DONE');
    const a = Buffer.from(sha256(token));
    const b = Buffer.from(sha256(this.setupToken));
    if (!timingSafeEqual(a, b)) throw new KakouError('KAKOU_E_SETUP_TOKEN');
    const problem = passwordProblem(password);
    if (problem) throw new KakouError('KAKOU_E_API_VALIDATION', `password needs ${problem}`, [`password: needs ${problem}`]);
    const id = this.repo.insertFirst(username, 'admin', await hashPassword(password), new Date(this.clock.now()).toISOString());
    if (id === null) throw new KakouError('KAKOU_E_SETUP_DONE');
    this.log.info({ username }, 'first administrator created');
    return { id, username, role: 'admin' };
  }

  async login(username: string, password: string, address: string): Promise<{ token: string; user: SessionUser }> {
    const key = `${address}|${username}`;
    const now = this.clock.now();
    const f = this.failures.get(key);
    if (f && now - f.windowStart < 60_000 && f.count >= this.opts.attemptsPerMinute) throw new KakouError('KAKOU_E_AUTH_RATE_LIMITED');
    const user = this.repo.byName(username);
    const ok = user && !user.disabled ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await this.dummyHash), false);
    if (!ok || !user) {
      this.noteFailure(key, now);
      throw new KakouError('KAKOU_E_AUTH_FAILED');
    }
    this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    this.repo.createSession(sha256(token), user.id, now);
    this.log.info({ username, role: user.role }, 'login');
    return { token, user: toSessionUser(user) };
  }

  /** The user behind a session token, or null if it is unknown, idle too long or disabled. */
  authenticate(token: string | undefined): SessionUser | null {
    if (!token) return null;
    const hash = sha256(token);
    const s = this.repo.session(hash);
    if (!s) return null;
    const now = this.clock.now();
    if (now - s.lastSeen > this.opts.idleMs) {
      this.repo.deleteSession(hash);
      return null;
    }
    const user = this.repo.byId(s.userId);
    if (!user || user.disabled) return null;
    if (now - s.lastSeen > TOUCH_EVERY_MS) this.repo.touchSession(hash, now);
    return toSessionUser(user);
  }

  logout(token: string | undefined): void {
    if (token) this.repo.deleteSession(sha256(token));
  }

  sweep(): void {
    this.repo.deleteIdleSessions(this.clock.now() - this.opts.idleMs);
    const now = this.clock.now();
    for (const [k, f] of this.failures) if (now - f.windowStart >= 60_000) this.failures.delete(k);
  }

  private noteFailure(key: string, now: number): void {
    const f = this.failures.get(key);
    if (!f || now - f.windowStart >= 60_000) this.failures.set(key, { count: 1, windowStart: now });
    else f.count++;
    // Bound the table: a scan of many addresses must not grow memory without limit.
    if (this.failures.size > 10_000) this.sweep();
  }
}

const toSessionUser = (u: UserRow): SessionUser => ({ id: u.id, username: u.username, role: u.role });
