import type http from 'node:http';

/**
 * Request bodies (the editor's saves and previews, sign-in, the sync webhook) are read
 * whole by the front server before the app sees any of them, then forwarded with their
 * exact length: the app never reads framing a client wrote, and a client that trickles
 * holds no connection to the app. Each body is bounded in size and in time, and the
 * bodies being received are budgeted per kind of request and per client address, so a
 * crowd of slow uploads to one endpoint cannot make sign-in or the webhook wait.
 */

/** Methods whose requests may carry a body; on any other, a body is refused (RFC 9110 §9.3). */
export const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface BodyLimits {
  /** Bytes one body may have. */
  maxBytes: number;
  /** Bodies of this kind being received at once, from everyone. */
  maxInFlight: number;
  /** …and from one client address. */
  maxPerAddress: number;
}

/** Kinds of request with their own budget: what must keep working when the rest is busy. */
export type BodyKind = 'sign-in' | 'sync' | 'other';

export const BODY_LIMITS: Record<BodyKind, BodyLimits> = {
  // A user name and a password.
  'sign-in': { maxBytes: 16 * 1024, maxInFlight: 64, maxPerAddress: 4 },
  // A git host's webhook payload.
  sync: { maxBytes: 256 * 1024, maxInFlight: 8, maxPerAddress: 4 },
  // Saves and previews of records.
  other: { maxBytes: 1024 * 1024, maxInFlight: 32, maxPerAddress: 4 },
};

export function bodyKind(pathname: string): BodyKind {
  if (pathname === '/api/editor/session') return 'sign-in';
  if (pathname === '/api/sync') return 'sync';
  return 'other';
}

export type BodyOutcome = { ok: true; body: Buffer } | { ok: false; status: 400 | 408 | 413 | 429 | 503; message: string; retryAfter?: number };

/** Whether the request announces a body (a length above zero, or any transfer coding). */
export function announcesBody(req: http.IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Receives bodies within budgets. `address` is the client's (lib/serving/front-server.ts
 * decides which address a request has).
 */
export class BodyReceiver {
  private readonly inFlight = new Map<BodyKind, number>();
  private readonly perAddress = new Map<string, number>();

  constructor(
    /** A body must arrive whole within this long of its headers. */
    private readonly deadlineMs: number,
    private readonly limits: Record<BodyKind, BodyLimits> = BODY_LIMITS,
  ) {}

  receive(req: http.IncomingMessage, kind: BodyKind, address: string): Promise<BodyOutcome> {
    const limits = this.limits[kind];
    const te = req.headers['transfer-encoding'];
    // Only plain chunked framing: a body in another transfer coding would reach the app
    // with its length but not its coding.
    if (te !== undefined && te.trim().toLowerCase() !== 'chunked') return Promise.resolve({ ok: false, status: 400, message: 'Transfer-Encoding other than chunked is not accepted' });
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    if (declared !== null && declared > limits.maxBytes) return Promise.resolve(tooLarge(limits));
    if (declared === 0 || (declared === null && te === undefined)) return Promise.resolve({ ok: true, body: Buffer.alloc(0) });
    const addressKey = `${kind}\0${address}`;
    if ((this.perAddress.get(addressKey) ?? 0) >= limits.maxPerAddress) {
      return Promise.resolve({ ok: false, status: 429, message: 'Too many requests from your address at once: wait for them to finish', retryAfter: 5 });
    }
    if ((this.inFlight.get(kind) ?? 0) >= limits.maxInFlight) {
      return Promise.resolve({ ok: false, status: 503, message: 'Too many requests at once: try again in a moment', retryAfter: 5 });
    }
    this.inFlight.set(kind, (this.inFlight.get(kind) ?? 0) + 1);
    this.perAddress.set(addressKey, (this.perAddress.get(addressKey) ?? 0) + 1);
    const release = () => {
      this.inFlight.set(kind, this.inFlight.get(kind)! - 1);
      const left = this.perAddress.get(addressKey)! - 1;
      if (left > 0) this.perAddress.set(addressKey, left);
      else this.perAddress.delete(addressKey);
    };

    return new Promise<BodyOutcome>((resolve) => {
      const chunks: Buffer[] = [];
      let received = 0;
      let settled = false;
      const settle = (outcome: BodyOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onAbort);
        req.off('close', onAbort);
        release();
        // A refused body is not read on: the connection closes after the answer.
        if (!outcome.ok) req.pause();
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ ok: false, status: 408, message: `The request body did not arrive within ${Math.round(this.deadlineMs / 1000)} s` }), this.deadlineMs);
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        // Chunked bodies announce no length: counted as they come.
        if (received > limits.maxBytes) return settle(tooLarge(limits));
        chunks.push(chunk);
      };
      const onEnd = () => {
        if (declared !== null && received !== declared) return settle({ ok: false, status: 400, message: 'The request body is not as long as its Content-Length' });
        settle({ ok: true, body: Buffer.concat(chunks, received) });
      };
      const onAbort = () => settle({ ok: false, status: 400, message: 'The request body was cut off' });
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onAbort);
      req.on('close', onAbort);
    });
  }
}

function tooLarge(limits: BodyLimits): BodyOutcome {
  const size = limits.maxBytes >= 1024 * 1024 ? `${limits.maxBytes / 1024 / 1024} MiB` : `${limits.maxBytes / 1024} KiB`;
  return { ok: false, status: 413, message: `A request body here may have at most ${size}` };
}
