import crypto from 'node:crypto';
import { config, type Config } from '../config/env';

/**
 * Who may use the web editor, and how a signed-in editor is recognised.
 *
 * Credentials come from the configuration (lib/config/env.ts): EDITOR_USER (default
 * "editor") and EDITOR_PASSWORD. There is no default password: without one the editor is closed.
 * In production a password shorter than 12 characters closes it too. Sessions are
 * signed cookies (HMAC with EDITOR_SECRET, or a key derived from the password, so a
 * password change ends every session); each carries its own CSRF token.
 */
export interface EditorConfig {
  user: string;
  password: string;
  secret: Buffer;
}

export const SESSION_COOKIE = 'dhc_editor';
export const SESSION_HOURS = 8;
const MIN_PRODUCTION_PASSWORD = 12;

export type ConfigResult = { ok: true; config: EditorConfig } | { ok: false; reason: string };

export function editorConfig(site: Pick<Config, 'editor' | 'production'> = config()): ConfigResult {
  const { password, user } = site.editor;
  if (!password) return { ok: false, reason: 'The editor is closed: set EDITOR_PASSWORD (and EDITOR_USER) in the environment to open it.' };
  if (site.production && password.length < MIN_PRODUCTION_PASSWORD) {
    return { ok: false, reason: `The editor is closed: EDITOR_PASSWORD must have at least ${MIN_PRODUCTION_PASSWORD} characters in production.` };
  }
  const secret = site.editor.secret ? Buffer.from(site.editor.secret) : keyFromPassword(password);
  return { ok: true, config: { user, password, secret } };
}

const derivedKeys = new Map<string, Buffer>();

/**
 * The session key when EDITOR_SECRET is not set: derived from the password with scrypt
 * (slow on purpose: a leaked cookie must not make guessing the password cheap), once
 * per process.
 */
function keyFromPassword(password: string): Buffer {
  let key = derivedKeys.get(password);
  if (!key) {
    key = crypto.scryptSync(password, 'digital-health-curated editor session', 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    derivedKeys.clear();
    derivedKeys.set(password, key);
  }
  return key;
}

/** Compares in constant time, whatever the lengths. */
function same(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function credentialsMatch(config: EditorConfig, user: string, password: string): boolean {
  // Both compared, always: no early exit that tells a wrong user from a wrong password.
  const userMatches = same(user, config.user);
  const passwordMatches = same(password, config.password);
  return userMatches && passwordMatches;
}

export interface Session {
  user: string;
  expires: number;
  /** Random per sign-in: the CSRF token derives from it. */
  nonce: string;
}

const sign = (secret: Buffer, text: string) => crypto.createHmac('sha256', secret).update(text).digest('base64url');

export function sessionCookieValue(config: EditorConfig, user: string, now = Date.now()): { value: string; session: Session } {
  const session: Session = { user, expires: now + SESSION_HOURS * 3600_000, nonce: crypto.randomBytes(16).toString('base64url') };
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return { value: `${payload}.${sign(config.secret, payload)}`, session };
}

export function readSession(config: EditorConfig, value: string | undefined, now = Date.now()): Session | null {
  if (!value) return null;
  const [payload, mac] = value.split('.');
  if (!payload || !mac || !same(mac, sign(config.secret, payload))) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    if (typeof session.expires !== 'number' || session.expires < now || session.user !== config.user) return null;
    return session;
  } catch {
    return null;
  }
}

/** The token every write must carry: bound to the session, unknowable to another site. */
export function csrfToken(config: EditorConfig, session: Session): string {
  return sign(config.secret, `csrf\0${session.user}\0${session.nonce}`);
}

export function csrfTokenValid(config: EditorConfig, session: Session, token: string | null | undefined): boolean {
  return typeof token === 'string' && token.length > 0 && same(token, csrfToken(config, session));
}

/**
 * Failed sign-ins, counted per client address and per user name in a sliding window:
 * past the limit, sign-in answers 429 until the window has passed, whatever the
 * password (so guessing costs hours, not seconds).
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
    // Bounded memory: forget the oldest keys first when too many addresses tried.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }
}
