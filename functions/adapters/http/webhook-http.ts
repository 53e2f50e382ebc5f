// HttpPoster and UrlGuard for webhooks. The guard refuses what the hub must never call (plain
// HTTP, and any address that is not public: core/net); the poster checks the address
// again at the moment it connects (its DNS lookup refuses those addresses), so a host that
// resolves to a public address for the guard and a private one for the request (DNS rebinding)
// is refused too. No redirects are followed (a redirect could lead anywhere). The local hub
// allows http to 127.0.0.1 and localhost.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isLoopbackAddress, isPublicAddress, parseAddress } from '../../core/net/index.ts';
import {
  type HttpPoster,
  type HttpResponse,
  REFUSED_ADDRESS,
  type UrlGuard,
} from '../../use-cases/ports/index.ts';

function allowedAddress(address: string, allowLoopback: boolean): boolean {
  return isPublicAddress(address) || (allowLoopback && isLoopbackAddress(address));
}

/** A DNS lookup that fails for an address the hub must not call: the connection is never made. */
export function guardedLookup(options: { allowLoopback: boolean }): LookupFunction {
  const allowed = (address: string) => allowedAddress(address, options.allowLoopback);
  return ((hostname: string, lookupOptions: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.find(({ address }) => !allowed(address));
      if (refused !== undefined || addresses.length === 0) {
        const failure = Object.assign(
          new Error('the webhook host resolves to a private, loopback or link-local address'),
          { code: REFUSED_ADDRESS },
        );
        return callback(failure);
      }
      if (lookupOptions.all) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** POSTs with Node's http(s), the guarded lookup, a timeout over the whole exchange, no redirects. */
export function webhookPoster(options: { allowLoopback: boolean }): HttpPoster {
  const lookupAddress = guardedLookup(options);
  return {
    post(url, body, headers, timeoutMs): Promise<HttpResponse> {
      return new Promise((resolve, reject) => {
        const target = new URL(url);
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const request = send(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup: lookupAddress,
          },
          (response) => {
            response.resume();
            response.on('end', () => {
              clearTimeout(timer);
              const retryAfter = response.headers['retry-after'];
              resolve({
                status: response.statusCode ?? 0,
                retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
              });
            });
            response.on('error', reject);
          },
        );
        const timer = setTimeout(() => {
          request.destroy(
            Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' }),
          );
        }, timeoutMs);
        request.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        request.end(body);
      });
    },
  };
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
        addresses =
          parseAddress(host) !== undefined
            ? [host]
            : (await lookup(host, { all: true })).map((a) => a.address);
      } catch {
        return 'The webhook host does not resolve';
      }
      if (addresses.some((address) => !isPublicAddress(address)))
        return 'The webhook host resolves to a private, loopback or link-local address';
      return undefined;
    },
  };
}
