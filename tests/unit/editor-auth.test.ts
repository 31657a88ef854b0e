import { describe, expect, it } from 'vitest';
import { readConfig } from '../../lib/config/env';
import { credentialsMatch, csrfToken, csrfTokenValid, deviceCookieValue, editorConfig, readDevice, readSession, sessionCookieValue } from '../../lib/editor/auth';
import { addressKey, SignInLimiter, SignInPolicy } from '../../lib/editor/limits';
import { RevokedSessions } from '../../lib/editor/revocations';
import path from 'node:path';
import { tempDir } from '../support/helpers';

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

  it('never lets failures from elsewhere lock the editor out of a browser it signed in from', () => {
    const policy = new SignInPolicy();
    const t = 1_000_000;
    // Twenty failures for the editor's name from four addresses: new browsers wait…
    for (let i = 0; i < 20; i++) policy.fail({ device: null, address: `203.0.113.${i % 4}`, forEditor: true }, t + i);
    expect(policy.retryAfter({ device: null, address: '198.51.100.1', forEditor: true }, t + 100)).toBeGreaterThan(0);
    // …the editor's own browser does not, and neither does an address nobody failed from for another name.
    expect(policy.retryAfter({ device: 'editors-laptop', address: '198.51.100.1', forEditor: true }, t + 100)).toBe(0);
    // A flood of failures from 100,000 addresses for other names pauses new browsers, still not the editor's.
    for (let i = 0; i < 100_000; i++) policy.fail({ device: null, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, forEditor: false }, t + 200);
    expect(policy.retryAfter({ device: null, address: '192.0.2.7', forEditor: false }, t + 300)).toBeGreaterThan(0);
    expect(policy.retryAfter({ device: 'editors-laptop', address: '192.0.2.7', forEditor: true }, t + 300)).toBe(0);
    // Memory stays bounded.
    expect(policy.addresses.size).toBeLessThanOrEqual(10_001);
  });

  it('keeps every count through a flood of new keys: no eviction, new keys share one entry', () => {
    const limiter = new SignInLimiter(5, 60_000, 100);
    for (let i = 0; i < 5; i++) limiter.fail(['address:victim'], 1_000 + i);
    expect(limiter.retryAfter(['address:victim'], 2_000)).toBeGreaterThan(0);
    for (let i = 0; i < 10_000; i++) limiter.fail([`address:${i}`], 2_000);
    expect(limiter.size).toBeLessThanOrEqual(101);
    expect(limiter.retryAfter(['address:victim'], 3_000)).toBeGreaterThan(0);
    // The keys that did not fit share an entry, and its limit.
    expect(limiter.retryAfter(['address:someone-new'], 3_000)).toBeGreaterThan(0);
    // Once the window has passed, everything is forgotten.
    expect(limiter.retryAfter(['address:victim'], 70_000)).toBe(0);
  });

  it('counts an IPv6 client by its /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('recognises its own device cookies only, for its user', () => {
    const c = editorConfig(readConfig({ EDITOR_PASSWORD: 'a secret phrase' }));
    if (!c.ok) throw new Error(c.reason);
    const value = deviceCookieValue(c.config, 'editor', 'device-1', 1_000);
    expect(readDevice(c.config, value, 2_000)).toMatchObject({ id: 'device-1', user: 'editor' });
    expect(readDevice(c.config, value, 1_000 + 366 * 86_400_000)).toBeNull();
    const [payload, mac] = value.split('.');
    expect(readDevice(c.config, `${Buffer.from(JSON.stringify({ user: 'editor', id: 'other', issued: 1_000 })).toString('base64url')}.${mac}`, 2_000)).toBeNull();
    // A session cookie is not a device cookie.
    expect(readDevice(c.config, sessionCookieValue(c.config, 'editor').value, 2_000)).toBeNull();
    expect(payload).toBeTruthy();
  });

  it('ends sessions when the password changes, also with EDITOR_SECRET set', () => {
    const before = editorConfig(readConfig({ EDITOR_PASSWORD: 'a secret phrase', EDITOR_SECRET: 'k'.repeat(32) }));
    const after = editorConfig(readConfig({ EDITOR_PASSWORD: 'a new phrase', EDITOR_SECRET: 'k'.repeat(32) }));
    if (!before.ok || !after.ok) throw new Error('closed');
    const { value } = sessionCookieValue(before.config, 'editor', 1_000);
    expect(readSession(before.config, value, 2_000)).not.toBeNull();
    expect(readSession(after.config, value, 2_000)).toBeNull();
  });

  it('remembers sessions ended by signing out, across restarts, until they expire', () => {
    const file = path.join(tempDir('revoked'), 'editor-sessions.json');
    new RevokedSessions(file).revoke('nonce-1', 10_000, 1_000);
    const restarted = new RevokedSessions(file);
    expect(restarted.isRevoked('nonce-1', 5_000)).toBe(true);
    expect(restarted.isRevoked('nonce-2', 5_000)).toBe(false);
    expect(restarted.isRevoked('nonce-1', 20_000)).toBe(false);
  });
});
