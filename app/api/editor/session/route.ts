import { NextResponse, type NextRequest } from 'next/server';
import { credentialsMatch, DEVICE_COOKIE, DEVICE_DAYS, deviceCookieValue, editorConfig, readDevice, SESSION_COOKIE, SESSION_HOURS, sessionCookieValue } from '@/lib/editor/auth';
import { isHttps, json, NO_STORE, sameOrigin, signInAttempt, signInPolicy } from '@/lib/editor/http';

/**
 * Sign-in: a plain HTML form (works without JavaScript; answered with a redirect) or
 * JSON (answered with 200, 401 or 429). Limits: lib/editor/limits.ts.
 */
export async function POST(request: NextRequest) {
  const form = !request.headers.get('content-type')?.includes('application/json');
  // A relative Location: the browser stays on the host it used (Next.js sees its own).
  const back = (query: string) => new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: `/editor${query}` } });

  const config = editorConfig();
  if (!config.ok) return form ? back('') : json({ error: config.reason }, 403);
  if (!sameOrigin(request)) return json({ error: 'this request comes from another site' }, 403);

  let user = '';
  let password = '';
  try {
    if (form) {
      const data = await request.formData();
      user = String(data.get('user') ?? '');
      password = String(data.get('password') ?? '');
    } else {
      const body = (await request.json()) as { user?: unknown; password?: unknown };
      user = typeof body.user === 'string' ? body.user : '';
      password = typeof body.password === 'string' ? body.password : '';
    }
  } catch {
    return json({ error: 'send the user name and password' }, 400);
  }

  const attempt = signInAttempt(request, config.config, user.slice(0, 200));
  const wait = signInPolicy.retryAfter(attempt);
  if (wait > 0) {
    const message = `too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s)`;
    return form ? back(`?signin=wait&minutes=${Math.ceil(wait / 60)}`) : json({ error: message }, 429, { 'Retry-After': String(wait) });
  }
  if (!credentialsMatch(config.config, user, password)) {
    signInPolicy.fail(attempt);
    return form ? back('?signin=failed') : json({ error: 'wrong user name or password' }, 401);
  }
  signInPolicy.succeed(attempt);

  const { value } = sessionCookieValue(config.config, config.config.user);
  const response = form ? back('') : json({ ok: true });
  const secure = isHttps(request);
  response.cookies.set(SESSION_COOKIE, value, { httpOnly: true, secure, sameSite: 'strict', path: '/', maxAge: SESSION_HOURS * 3600 });
  // This browser is the editor's from now on: its own sign-in limit (the same id, renewed).
  const device = readDevice(config.config, request.cookies.get(DEVICE_COOKIE)?.value);
  response.cookies.set(DEVICE_COOKIE, deviceCookieValue(config.config, config.config.user, device?.id), {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/api/editor/session',
    maxAge: DEVICE_DAYS * 86_400,
  });
  return response;
}
