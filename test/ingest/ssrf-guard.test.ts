// The SSRF guard's address rules and lookup hook, as pure functions: no traffic at all.
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/errors.js';
import { assertLiteralHostAllowed, createGuardedLookup, isBlockedAddress, isHostTrusted } from '../../src/ingest/ssrf-guard.js';
import { fakeLookup } from '../helpers/feed-server.js';

const BLOCKED = [
  // loopback and unspecified
  '127.0.0.1', '127.255.255.254', '127.1.2.3', '0.0.0.0', '0.1.2.3', '::1', '::', '0:0:0:0:0:0:0:1',
  // RFC 1918
  '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.0.1', '192.168.255.255',
  // CGNAT, link-local and cloud metadata
  '100.64.0.1', '100.127.255.255', '169.254.0.1', '169.254.169.254',
  // multicast, reserved, broadcast, protocol assignments, benchmarking, documentation
  '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255', '192.0.0.170', '198.18.0.1', '198.19.255.255',
  '192.0.2.1', '198.51.100.7', '203.0.113.9',
  // IPv6 link-local, site-local, ULA, multicast, documentation, discard
  'fe80::1', 'fe80::1%eth0', 'febf:ffff::1', 'fec0::1', 'fc00::1', 'fd12:3456:789a::1', 'ff02::1', 'ff05::1:3',
  '2001:db8::1', '100::1',
  // IPv4-mapped and IPv4-compatible forms
  '::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:10.0.0.1', '::ffff:169.254.169.254', '::ffff:192.168.1.1', '::ffff:0.0.0.0',
  '0:0:0:0:0:ffff:7f00:0001', '::127.0.0.1', '::8.8.8.8',
  // NAT64 and 6to4 embedding private IPv4, local-use NAT64
  '64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b::169.254.169.254', '2002:7f00:1::', '2002:c0a8:0101::1', '2002:a9fe:a9fe::',
  '64:ff9b:1::8.8.8.8',
  // bracketed URL form
  '[::1]', '[fe80::1]',
  // not an address at all: fail closed
  '', 'localhost', 'example.com', '127.0.0.1.nip.io', '999.1.1.1', '1.2.3', '::g', '1:2:3:4:5:6:7:8:9',
];

const ALLOWED = [
  '8.8.8.8', '1.1.1.1', '93.184.216.34', '151.101.1.69', '9.255.255.255', '11.0.0.1', '100.63.255.255', '100.128.0.1',
  '126.255.255.255', '128.0.0.1', '169.253.255.255', '169.255.0.1', '172.15.255.255', '172.32.0.1', '192.167.255.255',
  '192.169.0.1', '198.17.255.255', '198.20.0.1', '223.255.255.255',
  '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '::ffff:93.184.216.34',
  '64:ff9b::8.8.8.8', '2002:0808:0808::1', 'fe7f::1', 'fbff::1', '2001:db9::1', '[2606:4700:4700::1111]',
];

describe('isBlockedAddress', () => {
  it.each(BLOCKED)('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each(ALLOWED)('allows %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('isHostTrusted', () => {
  it('trusts listed host names case-insensitively, and everything when private networks are allowed', () => {
    const policy = { allowPrivateNetworks: false, allowedHosts: ['Intranet.Local', '[::1]'] };
    expect(isHostTrusted('intranet.local', policy)).toBe(true);
    expect(isHostTrusted('INTRANET.LOCAL.', policy)).toBe(true);
    expect(isHostTrusted('::1', policy)).toBe(true);
    expect(isHostTrusted('other.local', policy)).toBe(false);
    expect(isHostTrusted('other.local', { allowPrivateNetworks: true, allowedHosts: [] })).toBe(true);
  });
});

describe('assertLiteralHostAllowed', () => {
  const strict = { allowPrivateNetworks: false, allowedHosts: [] };

  it.each(['http://127.0.0.1:8080/feed', 'http://[::1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'https://169.254.169.254/latest/meta-data'])(
    'refuses %s with a message saying how to allow it',
    (url) => {
      let caught: unknown;
      try {
        assertLiteralHostAllowed(new URL(url), strict);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HeraldError);
      const error = caught as HeraldError;
      expect(error.code).toBe('ingest/blocked-address');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('HERALD_ALLOW_PRIVATE_NETWORKS=true');
      expect(error.message).toContain('fetch.allowedHosts');
      expect(error.message).toContain(String(error.details['address']));
    },
  );

  it('lets public literals, host names (checked at lookup) and allowed hosts through', () => {
    expect(() => assertLiteralHostAllowed(new URL('http://8.8.8.8/'), strict)).not.toThrow();
    expect(() => assertLiteralHostAllowed(new URL('http://localhost/'), strict)).not.toThrow();
    expect(() => assertLiteralHostAllowed(new URL('http://127.0.0.1/'), { allowPrivateNetworks: false, allowedHosts: ['127.0.0.1'] })).not.toThrow();
    expect(() => assertLiteralHostAllowed(new URL('http://10.0.0.1/'), { allowPrivateNetworks: true, allowedHosts: [] })).not.toThrow();
  });
});

describe('createGuardedLookup', () => {
  type Answer = { error: NodeJS.ErrnoException | null; addresses: LookupAddress[] | string; family?: number | undefined };

  function resolve(lookup: ReturnType<typeof createGuardedLookup>, hostname: string, all: boolean): Promise<Answer> {
    return new Promise((done) => {
      const callback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[] | string, family?: number): void =>
        done({ error, addresses, family });
      (lookup as unknown as (h: string, o: object, cb: typeof callback) => void)(hostname, { all }, callback);
    });
  }

  const dns = fakeLookup({
    'loopback.test': '127.0.0.1',
    'metadata.test': '169.254.169.254',
    'mixed.test': ['10.0.0.5', '93.184.216.34'],
    'public.test': ['93.184.216.34', '2606:4700:4700::1111'],
    'mapped.test': '::ffff:127.0.0.1',
  });
  const strict = { allowPrivateNetworks: false, allowedHosts: ['trusted.test'] };

  it('refuses a name resolving to loopback, naming the address and the way to allow it', async () => {
    const answer = await resolve(createGuardedLookup(strict, dns), 'loopback.test', true);
    expect(answer.error).toBeInstanceOf(HeraldError);
    expect((answer.error as unknown as HeraldError).code).toBe('ingest/blocked-address');
    expect(answer.error?.message).toContain('loopback.test (127.0.0.1)');
    expect(answer.error?.message).toContain('HERALD_ALLOW_PRIVATE_NETWORKS=true');
  });

  it('refuses metadata and IPv4-mapped loopback answers', async () => {
    const guarded = createGuardedLookup(strict, dns);
    expect((await resolve(guarded, 'metadata.test', false)).error?.message).toContain('169.254.169.254');
    expect((await resolve(guarded, 'mapped.test', false)).error?.message).toContain('::ffff:127.0.0.1');
  });

  it('drops blocked addresses from a mixed answer and keeps the public ones', async () => {
    const answer = await resolve(createGuardedLookup(strict, dns), 'mixed.test', true);
    expect(answer.error).toBeNull();
    expect(answer.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('answers in the single-address form when asked without all', async () => {
    const answer = await resolve(createGuardedLookup(strict, dns), 'public.test', false);
    expect(answer).toEqual({ error: null, addresses: '93.184.216.34', family: 4 });
  });

  it('passes DNS failures through untouched', async () => {
    const answer = await resolve(createGuardedLookup(strict, dns), 'missing.test', true);
    expect(answer.error?.code).toBe('ENOTFOUND');
  });

  it('lets an allowed host resolve to a private address', async () => {
    const trustedDns = fakeLookup({ 'trusted.test': '192.168.1.10' });
    const answer = await resolve(createGuardedLookup(strict, trustedDns), 'trusted.test', true);
    expect(answer.addresses).toEqual([{ address: '192.168.1.10', family: 4 }]);
  });
});
