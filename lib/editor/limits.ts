/**
 * Failed sign-ins, counted per key in a sliding window: past `limit` failures in
 * `windowMs`, a key waits until its oldest failure leaves the window. Memory is bounded:
 * each key keeps at most `limit` times, and past `maxKeys` keys (expired ones dropped
 * first) new keys share one entry rather than push others out, so flooding with new
 * keys never resets a key's count.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  private static readonly SHARED = '\0shared';
  /** When expired keys were last dropped: at most once a second, so a flood costs no sweep per request. */
  private sweptAt = -Infinity;

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(this.entryOf(key), now);
      if (recent.length >= this.limit) wait = Math.max(wait, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      let entry = this.entryOf(key);
      if (entry !== key && this.failures.size >= this.maxKeys) {
        this.forgetExpired(now);
        entry = this.entryOf(key);
      }
      this.failures.set(entry, [...this.recent(entry, now), now].slice(-this.limit));
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }

  /** The key's own entry, or the shared one when the table is full and the key has none. */
  private entryOf(key: string): string {
    return this.failures.has(key) || this.failures.size < this.maxKeys ? key : SignInLimiter.SHARED;
  }

  private recent(entry: string, now: number): number[] {
    return (this.failures.get(entry) ?? []).filter((t) => t > now - this.windowMs);
  }

  private forgetExpired(now: number): void {
    if (now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    for (const [key, times] of this.failures) if (times.every((t) => t <= now - this.windowMs)) this.failures.delete(key);
  }
}

/** Who is trying to sign in, as the limits see it. */
export interface SignInAttempt {
  /** The signed device cookie's id, when the browser signed in before. */
  device: string | null;
  /** The client's address (an IPv6 address counts by its /64: one host has that many). */
  address: string;
  /** Whether the attempt names the editor's own user name. */
  forEditor: boolean;
}

/**
 * The sign-in limits. A browser the editor signed in from before (its device cookie) is
 * limited on its own: 10 failures per 15 minutes, which only someone holding that cookie
 * can cause, so no attacker without the password can lock the editor out of it. Every
 * other attempt counts against its address (5), the editor's user name from unknown
 * browsers (20), and all unknown browsers together (200): a guessing attack from many
 * addresses pauses sign-in from new browsers, never from the editor's own.
 */
export class SignInPolicy {
  readonly devices = new SignInLimiter(10);
  readonly addresses = new SignInLimiter(5);
  readonly account = new SignInLimiter(20, undefined, 1);
  readonly everyone = new SignInLimiter(200, undefined, 1);

  retryAfter(attempt: SignInAttempt, now = Date.now()): number {
    return Math.max(...this.limits(attempt).map(([limiter, key]) => limiter.retryAfter([key], now)));
  }

  fail(attempt: SignInAttempt, now = Date.now()): void {
    for (const [limiter, key] of this.limits(attempt)) limiter.fail([key], now);
  }

  succeed(attempt: SignInAttempt): void {
    if (attempt.device) this.devices.succeed([attempt.device]);
    this.addresses.succeed([addressKey(attempt.address)]);
  }

  private limits(attempt: SignInAttempt): [SignInLimiter, string][] {
    if (attempt.device) return [[this.devices, attempt.device]];
    const limits: [SignInLimiter, string][] = [
      [this.addresses, addressKey(attempt.address)],
      [this.everyone, 'all'],
    ];
    if (attempt.forEditor) limits.push([this.account, 'editor']);
    return limits;
  }
}

/** An IPv4 address as it is, an IPv6 address by its first four groups (its /64). */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!plain.includes(':')) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => (g || '0').toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
