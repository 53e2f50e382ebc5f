// HttpPoster and UrlGuard for webhooks: fetch with a timeout and no redirects (a redirect could
// lead anywhere), and an SSRF guard that resolves the host and refuses private, loopback,
// link-local and cloud metadata addresses. The local hub allows http to 127.0.0.1 and localhost.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { HttpPoster, HttpResponse, UrlGuard } from '../../use-cases/deliver-webhook.ts';

export const fetchPoster: HttpPoster = {
  async post(url, body, headers, timeoutMs): Promise<HttpResponse> {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, retryAfter: response.headers.get('retry-after') ?? undefined };
  },
};

function isPrivate(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivate(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function urlGuard(options: { allowLoopback: boolean }): UrlGuard {
  return {
    async refuse(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return 'The webhook URL is not a URL';
      }
      if (options.allowLoopback && LOOPBACK_HOSTS.has(url.hostname)) {
        return url.protocol === 'http:' || url.protocol === 'https:'
          ? undefined
          : 'The webhook URL is not HTTP';
      }
      if (url.protocol !== 'https:') return 'Webhooks are sent over HTTPS only';
      const host = url.hostname.replace(/^\[|\]$/g, '');
      let addresses: string[];
      try {
        addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
      } catch {
        return 'The webhook host does not resolve';
      }
      if (addresses.some(isPrivate))
        return 'The webhook host resolves to a private, loopback or link-local address';
      return undefined;
    },
  };
}
