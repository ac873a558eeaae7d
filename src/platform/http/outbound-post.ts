import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Mode } from '../config.ts';

/**
 * Addresses a partner-supplied URL must not reach in production: loopback, private, link-local
 * (cloud metadata services live there), carrier-grade NAT, unique-local, multicast, unspecified.
 * Without this, a webhook or callback URL is a way to make the server probe its own network (SSRF).
 */
const PRIVATE = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net6, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  // An IPv4-mapped IPv6 address is the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface OutboundPolicy {
  mode: Mode;
  /** OUTBOUND_ALLOW_PRIVATE=true: an on-premises deployment whose receivers are on its own network. */
  allowPrivate?: boolean;
}

export const outboundPolicyOf = (mode: Mode): OutboundPolicy => ({ mode, allowPrivate: process.env.OUTBOUND_ALLOW_PRIVATE === 'true' });

/** Private addresses are refused in production unless allowed; the sandbox calls receivers on a laptop. */
const refusesPrivate = (p: OutboundPolicy) => p.mode === 'production' && !p.allowPrivate;

export class OutboundRefused extends Error {}

/**
 * POSTs `body` to a partner-supplied URL and answers the status code, reading and discarding the
 * answer. Never follows redirects. In production the address is checked after DNS resolution, on
 * the very address the socket connects to (a name that resolves to a private address, or is
 * re-pointed to one between a check and the call, is refused all the same).
 */
export function postOutbound(url: string, options: { headers: Record<string, string>; body: Buffer | string; timeoutMs: number; policy: OutboundPolicy }): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new OutboundRefused(`unsupported protocol ${target.protocol}`));
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (refusesPrivate(options.policy) && net.isIP(host) && isPrivateAddress(host)) return Promise.reject(new OutboundRefused(`refused: ${host} is a private address`));
  // The socket asks for every address (Node's happy eyeballs) or for one; either way each address
  // it may connect to is checked.
  const lookup = ((hostname: string, lookupOptions: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (refusesPrivate(options.policy) && addresses.some((a) => isPrivateAddress(a.address))) return callback(new OutboundRefused(`refused: ${hostname} resolves to a private address`), []);
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  }) as unknown as net.LookupFunction;
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      { method: 'POST', headers: { ...options.headers, 'content-length': String(body.length) }, lookup, timeout: options.timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
