import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/editor/auth';
import { guardWrite, NO_STORE, revokedSessions } from '@/lib/editor/http';

/** Sign-out, from the editor's form (CSRF token in the form): the session ends here, not only in this browser. */
export async function POST(request: NextRequest) {
  const data = await request.formData().catch(() => null);
  const guard = guardWrite(request, String(data?.get('csrf') ?? request.headers.get('x-csrf-token') ?? ''));
  if (!guard.ok) return guard.response;
  revokedSessions().revoke(guard.session.nonce, guard.session.expires);
  const response = new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: '/editor' } });
  response.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 0 });
  return response;
}
