import { NextResponse, type NextRequest } from 'next/server';
import { config } from '../config/env';
import { csrfTokenValid, DEVICE_COOKIE, editorConfig, readDevice, readSession, SESSION_COOKIE, type EditorConfig, type Session } from './auth';
import { SignInPolicy, type SignInAttempt } from './limits';
import { RevokedSessions } from './revocations';

/** The sign-in limits of this server process (lib/editor/limits.ts). */
export const signInPolicy = new SignInPolicy();

let revocations: RevokedSessions | null = null;
/** Sessions ended by signing out (lib/editor/revocations.ts). */
export function revokedSessions(): RevokedSessions {
  return (revocations ??= new RevokedSessions(config().editor.stateFile));
}

export const NO_STORE = { 'Cache-Control': 'private, no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** The client's address as the nearest proxy (ours, or nginx) reports it. */
export function clientAddress(request: NextRequest): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || 'unknown';
}

/** Whether the request came over https (directly, or as a proxy in front says). */
export function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/** A sign-in attempt as the limits see it. */
export function signInAttempt(request: NextRequest, editor: EditorConfig, user: string): SignInAttempt {
  return { device: readDevice(editor, request.cookies.get(DEVICE_COOKIE)?.value)?.id ?? null, address: clientAddress(request), forEditor: user === editor.user };
}

/**
 * A write from a page of another site carries its own Origin: refuse it, whatever
 * cookies the browser attached. The whole origin counts, scheme included: a page served
 * over http cannot write to the editor served over https. Requests without Origin (not
 * from a browser form or script) still need the CSRF token.
 */
export function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('x-forwarded-host') || request.headers.get('host');
  try {
    return new URL(origin).origin === `${isHttps(request) ? 'https' : 'http'}://${host}`;
  } catch {
    return false;
  }
}

/** The signed-in editor's session: signed by us, unexpired, and not ended by signing out. */
export function currentSession(editor: EditorConfig, cookie: string | undefined): Session | null {
  const session = readSession(editor, cookie);
  return session && !revokedSessions().isRevoked(session.nonce) ? session : null;
}

export type Guard = { ok: true; config: EditorConfig; session: Session } | { ok: false; response: NextResponse };

/**
 * Every write endpoint starts here: 403 when the editor is closed or the request
 * comes from another site or lacks the session's CSRF token, 401 without a valid
 * session.
 */
export function guardWrite(request: NextRequest, token: string | null | undefined): Guard {
  const guard = guardRead(request);
  if (!guard.ok) return guard;
  if (!sameOrigin(request)) return { ok: false, response: json({ error: 'this request comes from another site' }, 403) };
  if (!csrfTokenValid(guard.config, guard.session, token)) return { ok: false, response: json({ error: 'the form has expired or did not come from the editor: reload the page' }, 403) };
  return guard;
}

export function guardRead(request: NextRequest): Guard {
  const editor = editorConfig();
  if (!editor.ok) return { ok: false, response: json({ error: editor.reason }, 403) };
  const session = currentSession(editor.config, request.cookies.get(SESSION_COOKIE)?.value);
  if (!session) return { ok: false, response: json({ error: 'sign in to the editor first' }, 401, { 'WWW-Authenticate': 'Cookie realm="editor"' }) };
  return { ok: true, config: editor.config, session };
}
