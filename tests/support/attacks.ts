import net from 'node:net';

/**
 * Requests an attacker writes by hand, generated as tables: every framing of a body
 * (Content-Length, chunked, both, obfuscated Transfer-Encoding, two lengths) on every
 * method and kind of path, each body carrying requests that must never reach the app as
 * requests of their own; and Host / request-target variants that must never change which
 * page a cache files under which key. Used against the front server alone, nginx and
 * Varnish (tests/unit/front-attacks.test.ts, tests/e2e/smuggling.test.ts).
 */

export const MARK = 'HACKED';

/** Requests hidden in a body: a page with the mark in its address, with headers that would steer the app. */
export function hiddenRequests(host: string, count = 3): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    out += `GET /search?q=${MARK}${i} HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-For: 6.6.6.${i}\r\nX-Middleware-Subrequest: middleware\r\n\r\n`;
  }
  return out;
}

const chunked = (payload: string) => `${Buffer.byteLength(payload).toString(16)}\r\n${payload}\r\n0\r\n\r\n`;

/** Transfer-Encoding spellings that a lenient parser may read as chunked and a strict one as not, or the reverse. */
const TE_VARIANTS = [
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: CHUNKED',
  'Transfer-encoding: Chunked',
  'Transfer-Encoding: xchunked',
  'Transfer-Encoding: chunkedx',
  'Transfer-Encoding : chunked',
  'Transfer-Encoding:\tchunked',
  'Transfer-Encoding: chunked\t',
  'Transfer-Encoding: "chunked"',
  'Transfer-Encoding: chunked, identity',
  'Transfer-Encoding: identity, chunked',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity',
  'Transfer-Encoding: chunked\r\nTransfer-Encoding: x',
  'Transfer-Encoding: identity\r\nTransfer-Encoding: chunked',
  'Transfer-Encoding:\r\n chunked',
  'X-Pad: y\r\n Transfer-Encoding: chunked',
  'X-Pad: y\nTransfer-Encoding: chunked',
];

export interface Attack {
  name: string;
  bytes: string;
}

/**
 * One request of `method` on `path`, its body framed every way an attacker would frame
 * it, each body holding requests of its own.
 */
export function framings(method: string, path: string, host: string): Attack[] {
  const hidden = hiddenRequests(host);
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  const len = Buffer.byteLength(hidden);
  const attacks: Attack[] = [
    { name: 'CL', bytes: `${head}Content-Length: ${len}\r\n\r\n${hidden}` },
    { name: 'CL short', bytes: `${head}Content-Length: 4\r\n\r\nabcd${hidden}` },
    { name: 'CL.CL differing', bytes: `${head}Content-Length: 0\r\nContent-Length: ${len}\r\n\r\n${hidden}` },
    { name: 'CL.CL equal', bytes: `${head}Content-Length: ${len}\r\nContent-Length: ${len}\r\n\r\n${hidden}` },
    { name: 'CL list', bytes: `${head}Content-Length: ${len}, 0\r\n\r\n${hidden}` },
    { name: 'CL plus', bytes: `${head}Content-Length: +${len}\r\n\r\n${hidden}` },
    { name: 'CL hex', bytes: `${head}Content-Length: 0x${len.toString(16)}\r\n\r\n${hidden}` },
    { name: 'CL.TE', bytes: `${head}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${hidden}` },
    { name: 'TE.CL', bytes: `${head}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n${chunked(hidden)}` },
  ];
  TE_VARIANTS.forEach((te, i) => {
    attacks.push({ name: `TE#${i} ${JSON.stringify(te)}`, bytes: `${head}${te}\r\n\r\n${chunked(hidden)}` });
    attacks.push({ name: `TE#${i}+CL ${JSON.stringify(te)}`, bytes: `${head}${te}\r\nContent-Length: ${Buffer.byteLength(chunked(hidden))}\r\n\r\n${chunked(hidden)}` });
    attacks.push({ name: `TE#${i} CL.TE ${JSON.stringify(te)}`, bytes: `${head}Content-Length: 5\r\n${te}\r\n\r\n0\r\n\r\n${hidden}` });
  });
  return attacks;
}

/** Every method a client may send, and paths of every kind the front server tells apart. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
export const PATHS = ['/', '/topics', '/_next/static/x.js', '/media/x.png', '/api/editor/preview', '/editor', '/api/sync'];

/** Every framing on every method and path. */
export function smugglingAttacks(host: string, methods = METHODS, paths = PATHS): Attack[] {
  return methods.flatMap((method) => paths.flatMap((path) => framings(method, path, host).map((a) => ({ name: `${method} ${path} ${a.name}`, bytes: a.bytes }))));
}

/**
 * Host headers and request targets that try to file one page under another's key:
 * `target` is the request target, `host` the Host header (undefined: none).
 */
export function hostAttacks(site: string, slug: string): { name: string; target: string; host: string | undefined }[] {
  const [hostname] = site.split(':');
  return [
    { name: 'path in Host', target: `/${slug}`, host: `${site}/news` },
    { name: 'path and query in Host', target: `/${slug}`, host: `${site}/news?x=` },
    { name: 'fragment in Host', target: `/news/${slug}`, host: `${site}#/topics` },
    { name: 'userinfo in Host', target: `/news/${slug}`, host: `evil@${site}` },
    { name: 'other host', target: `/news/${slug}`, host: 'evil.example' },
    { name: 'port out of range', target: `/news/${slug}`, host: `${hostname}:99999` },
    { name: 'two ports', target: `/news/${slug}`, host: `${site}:80` },
    { name: 'space in Host', target: `/news/${slug}`, host: `${hostname} evil` },
    { name: 'empty Host', target: `/news/${slug}`, host: '' },
    { name: 'no Host', target: `/news/${slug}`, host: undefined },
    { name: 'absolute form, other host', target: `http://evil.example/news/${slug}`, host: site },
    { name: 'absolute form, path in authority', target: `http://${site}/news/${slug}`, host: `${site}/feeds` },
    { name: 'absolute form, userinfo', target: `http://${site}@evil.example/news/${slug}`, host: site },
    { name: 'absolute form, other scheme', target: `ftp://${site}/news/${slug}`, host: site },
    { name: 'absolute form, no path', target: `http://${site}`, host: site },
    { name: 'double slash', target: `//evil.example/news/${slug}`, host: site },
    { name: 'backslash path', target: `/\\evil.example/news/${slug}`, host: site },
    { name: 'made-up query', target: `/topics?x=1`, host: site },
    { name: 'made-up query on item', target: `/news/${slug}?utm_source=x`, host: site },
    { name: 'escaped path', target: `/news/%${slug.charCodeAt(0).toString(16)}${slug.slice(1)}`, host: site },
  ];
}

/**
 * Bytes written as they are; everything answered before the server closed the
 * connection, or (on a connection kept open) once an answer is complete and nothing more
 * came for `idleMs`, or `waitMs` passed.
 */
export function rawExchange(port: number, bytes: string, waitMs = 3000, idleMs = 150): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let idle: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (d) => {
      answer += d;
      clearTimeout(idle);
      if (completeAnswer(answer)) idle = setTimeout(() => socket.destroy(), idleMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(idle);
      resolve(answer);
    });
    socket.on('error', () => {});
    socket.write(bytes);
  });
}

/** Whether `text` ends with a whole response (headers, and as many body bytes as its length says). */
function completeAnswer(text: string): boolean {
  const end = text.lastIndexOf('\r\n\r\n');
  const start = text.lastIndexOf('HTTP/1.');
  if (start < 0 || end < start) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(start, end));
  const body = Buffer.byteLength(text.slice(end + 4));
  return length ? body >= Number(length[1]) : /\r\n0\r\n\r\n$/.test(text) || body === 0;
}

/** Runs `task` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!);
      }
    }),
  );
  return out;
}

export const statusesOf = (answer: string) => [...answer.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));

/**
 * `count` clients that ask for `path` and stop reading after 4 KB: the server's writes
 * back up behind full windows, for as long as the sockets stay open (destroy them).
 */
export function slowReaders(port: number, path: string, count: number): net.Socket[] {
  return Array.from({ length: count }, () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let got = 0;
    socket.on('data', (d: Buffer) => {
      got += d.length;
      if (got > 4096) socket.pause();
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    return socket;
  });
}

/**
 * `count` clients that send the head of a POST announcing `length` bytes, then one byte
 * every `everyMs`, for as long as the sockets stay open (destroy them).
 */
export function tricklingBodies(port: number, path: string, count: number, length = 100_000, everyMs = 2000): net.Socket[] {
  return Array.from({ length: count }, () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{`);
    const drip = setInterval(() => socket.write(' '), everyMs);
    socket.on('close', () => clearInterval(drip));
    return socket;
  });
}
