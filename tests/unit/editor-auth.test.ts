import { describe, expect, it } from 'vitest';
import { readConfig } from '../../lib/config/env';
import { credentialsMatch, csrfToken, csrfTokenValid, editorConfig, readSession, sessionCookieValue, SignInLimiter } from '../../lib/editor/auth';

describe('editor credentials and sessions', () => {
  it('keeps the editor closed without a password, and with a short one in production', () => {
    expect(editorConfig(readConfig({}))).toMatchObject({ ok: false, reason: expect.stringContaining('EDITOR_PASSWORD') });
    expect(editorConfig(readConfig({ EDITOR_PASSWORD: 'short', NODE_ENV: 'production' }))).toMatchObject({ ok: false, reason: expect.stringContaining('12 characters') });
    expect(editorConfig(readConfig({ EDITOR_PASSWORD: 'long enough password', NODE_ENV: 'production' }))).toMatchObject({ ok: true, config: { user: 'editor' } });
  });

  it('accepts only the configured user and password', () => {
    const c = editorConfig(readConfig({ EDITOR_USER: 'alice', EDITOR_PASSWORD: 'a secret phrase' }));
    if (!c.ok) throw new Error(c.reason);
    expect(credentialsMatch(c.config, 'alice', 'a secret phrase')).toBe(true);
    expect(credentialsMatch(c.config, 'alice', 'a secret phras')).toBe(false);
    expect(credentialsMatch(c.config, 'bob', 'a secret phrase')).toBe(false);
  });

  it('recognises its own unexpired, untampered session cookies, and ties CSRF tokens to them', () => {
    const c = editorConfig(readConfig({ EDITOR_PASSWORD: 'a secret phrase' }));
    if (!c.ok) throw new Error(c.reason);
    const { value, session } = sessionCookieValue(c.config, 'editor', 1_000);
    expect(readSession(c.config, value, 2_000)).toEqual(session);
    expect(readSession(c.config, value, session.expires + 1)).toBeNull();
    const [payload, mac] = value.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...session, expires: session.expires * 2 })).toString('base64url');
    expect(readSession(c.config, `${tampered}.${mac}`, 2_000)).toBeNull();
    expect(readSession(c.config, payload, 2_000)).toBeNull();
    // Another password, another key: old sessions end.
    const other = editorConfig(readConfig({ EDITOR_PASSWORD: 'another phrase' }));
    if (!other.ok) throw new Error(other.reason);
    expect(readSession(other.config, value, 2_000)).toBeNull();

    const token = csrfToken(c.config, session);
    expect(csrfTokenValid(c.config, session, token)).toBe(true);
    expect(csrfTokenValid(c.config, session, '')).toBe(false);
    expect(csrfTokenValid(c.config, sessionCookieValue(c.config, 'editor').session, token)).toBe(false);
  });

  it('limits failed sign-ins per key within a window', () => {
    const limiter = new SignInLimiter(3, 60_000);
    const keys = ['address:203.0.113.9'];
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter(keys, 1_000 + i)).toBe(0);
      limiter.fail(keys, 1_000 + i);
    }
    expect(limiter.retryAfter(keys, 2_000)).toBe(59);
    expect(limiter.retryAfter(['address:198.51.100.1'], 2_000)).toBe(0);
    expect(limiter.retryAfter(keys, 61_001)).toBe(0);
  });
});
