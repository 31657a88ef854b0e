import { NextResponse, type NextRequest } from 'next/server';
import { csrfTokenValid, editorConfig, readSession, SESSION_COOKIE, SignInLimiter, type EditorConfig, type Session } from './auth';

/** Failed sign-ins: 5 per client address and 20 per user name per 15 minutes. */
export const addressLimiter = new SignInLimiter(5);
export const userLimiter = new SignInLimiter(20);

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

/**
 * A write from a page of another site carries its own Origin: refuse it, whatever
 * cookies the browser attached. Requests without Origin (not from a browser form or
 * script) still need the CSRF token.
 */
export function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
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
  const config = editorConfig();
  if (!config.ok) return { ok: false, response: json({ error: config.reason }, 403) };
  const session = readSession(config.config, request.cookies.get(SESSION_COOKIE)?.value);
  if (!session) return { ok: false, response: json({ error: 'sign in to the editor first' }, 401, { 'WWW-Authenticate': 'Cookie realm="editor"' }) };
  return { ok: true, config: config.config, session };
}
