// SSRF guard: decides which IP addresses a feed fetch may connect to, checked on the address
// actually dialled (a DNS lookup hook) so a DNS answer cannot change between check and connect.
import { isIP } from 'node:net';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { HeraldError } from '../errors.js';

type Cidr4 = readonly [base: number, prefix: number];

// Not reachable on the public internet, or only meaningful inside one host or network.
// @see https://www.iana.org/assignments/iana-ipv4-special-registry/
const BLOCKED_V4: readonly Cidr4[] = [
  [v4('0.0.0.0'), 8], // "this network", includes the unspecified 0.0.0.0
  [v4('10.0.0.0'), 8],
  [v4('100.64.0.0'), 10], // carrier-grade NAT
  [v4('127.0.0.0'), 8],
  [v4('169.254.0.0'), 16], // link-local, includes cloud metadata 169.254.169.254
  [v4('172.16.0.0'), 12],
  [v4('192.0.0.0'), 24], // IETF protocol assignments
  [v4('192.0.2.0'), 24], // documentation
  [v4('192.168.0.0'), 16],
  [v4('198.18.0.0'), 15], // benchmarking
  [v4('198.51.100.0'), 24], // documentation
  [v4('203.0.113.0'), 24], // documentation
  [v4('224.0.0.0'), 4], // multicast
  [v4('240.0.0.0'), 4], // reserved, includes broadcast 255.255.255.255
];

/**
 * True when `ip` must not be fetched from: loopback, unspecified, private (RFC 1918), CGNAT,
 * link-local, ULA, multicast, reserved/broadcast, documentation, and IPv6 forms that embed such
 * an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16). Anything that does not parse
 * as an IP address is blocked too, so the guard fails closed.
 *
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
export function isBlockedAddress(ip: string): boolean {
  const address = ip.trim().replace(/^\[(.*)\]$/, '$1');
  const kind = isIP(address.replace(/%.*$/, ''));
  if (kind === 4) return isBlockedV4(v4(address));
  if (kind === 6) {
    const words = parseV6(address.replace(/%.*$/, ''));
    return words === null || isBlockedV6(words);
  }
  return true;
}

function isBlockedV4(value: number): boolean {
  return BLOCKED_V4.some(([base, prefix]) => inCidr4(value, base, prefix));
}

function isBlockedV6(w: readonly number[]): boolean {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = w;
  const low32 = ((w6 << 16) | w7) >>> 0;
  const upperZero = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0;
  // ::/96 covers ::, ::1 and the deprecated IPv4-compatible form; none are fetchable.
  if (upperZero && w5 === 0) return true;
  if (upperZero && w5 === 0xffff) return isBlockedV4(low32); // IPv4-mapped ::ffff:a.b.c.d
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return isBlockedV4(low32); // NAT64
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 1) return true; // local-use NAT64 64:ff9b:1::/48
  if (w0 === 0x2002) return isBlockedV4(((w1 << 16) | w2) >>> 0); // 6to4
  if (w0 === 0x0100 && w1 === 0 && w2 === 0 && w3 === 0) return true; // discard-only 100::/64
  if (w0 === 0x2001 && w1 === 0x0db8) return true; // documentation
  if ((w0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((w0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((w0 & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10
  if ((w0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

function v4(address: string): number {
  const parts = address.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function inCidr4(value: number, base: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((value & mask) >>> 0) === ((base & mask) >>> 0);
}

/** Eight 16-bit words of an address `isIP` already accepted as IPv6 (possibly with a dotted tail). */
function parseV6(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const value = v4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headWords = head === '' ? [] : head.split(':');
  const tailWords = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headWords.length - tailWords.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const words = [...headWords, ...Array<string>(missing).fill('0'), ...tailWords].map((word) => parseInt(word, 16));
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : null;
}

/** What the guard lets through: everything, or public addresses plus a list of trusted host names. */
export interface SsrfPolicy {
  allowPrivateNetworks: boolean;
  allowedHosts: readonly string[];
}

/** The `lookup` function Node's `net.connect` accepts (the shape of `dns.lookup`). */
export type LookupFn = typeof dnsLookup;

/** True when the policy lets `hostname` (as written in the URL) reach any address. */
export function isHostTrusted(hostname: string, policy: SsrfPolicy): boolean {
  if (policy.allowPrivateNetworks) return true;
  const host = normaliseHost(hostname);
  return policy.allowedHosts.some((allowed) => normaliseHost(allowed) === host);
}

/**
 * Checks a URL whose host is an IP literal, which Node connects to without any lookup, so the
 * lookup hook never sees it. Host names are left to {@link createGuardedLookup}.
 *
 * @throws HeraldError `ingest/blocked-address` when the literal address is blocked.
 */
export function assertLiteralHostAllowed(url: URL, policy: SsrfPolicy): void {
  const host = normaliseHost(url.hostname);
  if (isIP(host) === 0 || isHostTrusted(host, policy)) return;
  if (isBlockedAddress(host)) throw blockedAddressError(url.hostname, host);
}

/**
 * Wraps a DNS lookup so that connections only go to addresses {@link isBlockedAddress} allows
 * (blocked answers are dropped; if none is left the connection fails with
 * `ingest/blocked-address`). Pass it as undici's `connect.lookup`: the address checked is the
 * one dialled, which defeats DNS rebinding. The base lookup is always called with `all: true`.
 */
export function createGuardedLookup(policy: SsrfPolicy, baseLookup: LookupFn = dnsLookup): LookupFn {
  const guarded = (
    hostname: string,
    options: LookupOptions | number | ((...args: never[]) => void),
    maybeCallback?: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const callback = typeof options === 'function' ? (options as typeof maybeCallback) : maybeCallback;
    const opts: LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    if (callback === undefined) throw new TypeError('lookup needs a callback');
    const allOptions: LookupAllOptions = { ...opts, all: true };
    baseLookup(hostname, allOptions, (error, addresses) => {
      if (error) return callback(error, []);
      const list = Array.isArray(addresses) ? addresses : [];
      const allowed = isHostTrusted(hostname, policy) ? list : list.filter((entry) => !isBlockedAddress(entry.address));
      const first = allowed[0];
      if (first === undefined) {
        const refused = list[0]?.address ?? '(no address)';
        return callback(blockedAddressError(hostname, refused) as unknown as NodeJS.ErrnoException, []);
      }
      if (opts.all === true) return callback(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
  return guarded as unknown as LookupFn;
}

/** Builds the error shown when the guard refuses an address; it says how to allow it. */
export function blockedAddressError(hostname: string, address: string): HeraldError {
  const host = normaliseHost(hostname);
  const where = host === address ? address : `${host} (${address})`;
  return new HeraldError(
    'ingest/blocked-address',
    `Refused to fetch from ${where}: it is a private, loopback, link-local or otherwise non-public address. ` +
      `If this feed is meant to be on your own network, set HERALD_ALLOW_PRIVATE_NETWORKS=true ` +
      `or add "${host}" to the config key fetch.allowedHosts.`,
    { retryable: false, details: { host, address } },
  );
}

function normaliseHost(hostname: string): string {
  return hostname.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}
