import crypto from 'node:crypto';
import { config, type Config } from '../config/env';

/**
 * Who may use the web editor, and how a signed-in editor is recognised.
 *
 * Credentials come from the configuration (lib/config/env.ts): EDITOR_USER (default
 * "editor") and EDITOR_PASSWORD. There is no default password: without one the editor is closed.
 * In production a password shorter than 12 characters closes it too. Sessions are
 * signed cookies (HMAC with a key derived from the password, and from EDITOR_SECRET when
 * set, so a password change ends every session); each carries its own CSRF token and
 * ends at sign-out (lib/editor/revocations.ts). A browser that signed in once keeps a
 * signed device cookie, which exempts it from limits others can run up (lib/editor/limits.ts).
 */
export interface EditorConfig {
  user: string;
  password: string;
  secret: Buffer;
}

export const SESSION_COOKIE = 'dhc_editor';
export const SESSION_HOURS = 8;
/** A browser the editor signed in from: its own sign-in limit, never locked by others' failures. */
export const DEVICE_COOKIE = 'dhc_device';
export const DEVICE_DAYS = 365;
const MIN_PRODUCTION_PASSWORD = 12;

export type ConfigResult = { ok: true; config: EditorConfig } | { ok: false; reason: string };

export function editorConfig(site: Pick<Config, 'editor' | 'production'> = config()): ConfigResult {
  const { password, user } = site.editor;
  if (!password) return { ok: false, reason: 'The editor is closed: set EDITOR_PASSWORD (and EDITOR_USER) in the environment to open it.' };
  if (site.production && password.length < MIN_PRODUCTION_PASSWORD) {
    return { ok: false, reason: `The editor is closed: EDITOR_PASSWORD must have at least ${MIN_PRODUCTION_PASSWORD} characters in production.` };
  }
  // Either way the key depends on the password: changing it ends every session.
  const secret = site.editor.secret ? crypto.createHmac('sha256', site.editor.secret).update(`password\0${password}`).digest() : keyFromPassword(password);
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

export interface Device {
  user: string;
  /** Random per device: its failures are counted under it. */
  id: string;
  issued: number;
}

/** The cookie of a browser that has just signed in (or its renewal). */
export function deviceCookieValue(config: EditorConfig, user: string, id = crypto.randomBytes(16).toString('base64url'), now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ user, id, issued: now } satisfies Device)).toString('base64url');
  return `${payload}.${sign(config.secret, `device\0${payload}`)}`;
}

/** The device a sign-in comes from, when its cookie is ours, for this user, and not older than DEVICE_DAYS. */
export function readDevice(config: EditorConfig, value: string | undefined, now = Date.now()): Device | null {
  if (!value) return null;
  const [payload, mac] = value.split('.');
  if (!payload || !mac || !same(mac, sign(config.secret, `device\0${payload}`))) return null;
  try {
    const device = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Device;
    if (typeof device.id !== 'string' || typeof device.issued !== 'number' || device.user !== config.user) return null;
    return now - device.issued <= DEVICE_DAYS * 86_400_000 ? device : null;
  } catch {
    return null;
  }
}
