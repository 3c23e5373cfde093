import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * The guard that keeps alert receivers from being used to reach internal services: a receiver's URL
 * may only be http(s), and every address its host resolves to must be public, unless an admin set
 * `allow_private` on it. The sender then connects to the very address checked here (no second DNS
 * lookup an attacker's resolver could answer differently), and never follows redirects.
 */

export type ResolveHost = (host: string) => Promise<readonly string[]>;

/** Every address a name resolves to (A and AAAA). */
export const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export class UnsafeTargetError extends Error {}

export interface SafeTarget {
  readonly url: URL;
  /** The checked address to connect to. */
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves the URL's host and refuses what a receiver may not reach; throws UnsafeTargetError. */
export async function checkTarget(rawUrl: string, allowPrivate: boolean, resolve: ResolveHost = resolveWithDns): Promise<SafeTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    // Not the text itself: a receiver's URL may hold a secret (Slack's do), and this message is logged.
    throw new UnsafeTargetError('the receiver URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UnsafeTargetError(`only http and https receivers are allowed, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      // Not UnsafeTargetError: a name that does not resolve now (a DNS hiccup) may resolve on the next attempt.
      throw new Error(`cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (addresses.length === 0) throw new UnsafeTargetError(`${host} resolves to no address`);
  }
  if (!allowPrivate) {
    // One private answer is enough to refuse: which one a connection would use is not ours to choose.
    const blocked = addresses.find(isPrivateAddress);
    if (blocked !== undefined) {
      throw new UnsafeTargetError(
        `${host} is a private, loopback or link-local address (${blocked}); set allow_private on the receiver to allow it`,
      );
    }
  }
  const address = addresses[0]!;
  return { url, address, family: isIP(address) === 6 ? 6 : 4 };
}

// IPv4 ranges no receiver may reach: this-network, private, carrier-grade NAT, loopback, link-local
// (cloud metadata at 169.254.169.254), IETF protocol assignments, benchmarking, multicast, reserved.
const IPV4_BLOCKED: readonly [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xe0000000, 4],
  [0xf0000000, 4],
];

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function ipv4Blocked(value: number): boolean {
  return IPV4_BLOCKED.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail folded in), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  let address = text.split('%')[0]!.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail) {
    const v4 = ipv4ToNumber(tail[1]!);
    if (v4 === undefined) return undefined;
    address = `${address.slice(0, -tail[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  if (groups.length !== 8 || groups.some(Number.isNaN) || (halves.length === 2 && fill < 1)) return undefined;
  return groups;
}

/** True for addresses a receiver may not reach without allow_private (and for anything unparsable). */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4ToNumber(address);
  if (v4 !== undefined) return ipv4Blocked(v4);
  const g = ipv6Groups(address);
  if (g === undefined) return true;
  const embeddedV4 = (g[6]! << 16) + g[7]!;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return true; // :: unspecified
  if (zeros(7) && g[7] === 1) return true; // ::1 loopback
  if (zeros(5) && g[5] === 0xffff) return ipv4Blocked(embeddedV4 >>> 0); // ::ffff:a.b.c.d mapped
  if (zeros(6)) return true; // ::a.b.c.d, the deprecated IPv4-compatible form
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return ipv4Blocked(embeddedV4 >>> 0); // NAT64
  if (g[0] === 0x2002) return ipv4Blocked(((g[1]! << 16) + g[2]!) >>> 0); // 6to4 carries an IPv4 address
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  return false;
}
