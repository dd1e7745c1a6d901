/**
 * Who is asking, behind a reverse proxy. By default the peer's socket address is the client:
 * X-Forwarded-For is written by whoever sends the request, and trusting it would let anyone pick a
 * fresh address for every password guess or every rate-limit bucket. With TRUST_PROXY naming the
 * proxies (addresses or CIDR ranges), a request whose socket peer is one of them is read through
 * X-Forwarded-For from the right: each hop a trusted proxy appended is skipped, and the first
 * address no trusted proxy vouches for is the client. An entry a client wrote itself sits to the
 * left of the one its first proxy appended, so it is never reached while that proxy is trusted.
 */
import { BlockList, isIP } from 'node:net';

export type ProxyTrust = { readonly list: BlockList; readonly any: boolean };

export class TrustProxyError extends Error {}

/** Parses `TRUST_PROXY`: comma-separated addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8,::1`). */
export function proxyTrust(spec: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const raw of spec) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new TrustProxyError(`not an IP address or CIDR range: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128))
      throw new TrustProxyError(`bad prefix length in ${entry}`);
    list.addSubnet(address, bits, type);
  }
  return { list, any: spec.some((s) => s.trim() !== '') };
}

export const TRUST_NO_PROXY: ProxyTrust = proxyTrust([]);

/** `::ffff:127.0.0.1` (how a dual-stack socket reports IPv4) as `127.0.0.1`; brackets off. */
function normalize(address: string): string {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped?.[1] ?? bare;
}

function trusted(trust: ProxyTrust, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return trust.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address for a request that reached us from `peer` with these X-Forwarded-For
 * header values (Node joins repeated headers with commas; an array is accepted too).
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trust: ProxyTrust,
): string {
  if (peer === undefined) return 'unknown';
  let current = normalize(peer);
  if (!trust.any || !trusted(trust, current)) return current;
  const hops = (typeof forwardedFor === 'string' ? [forwardedFor] : (forwardedFor ?? []))
    .flatMap((v) => v.split(','))
    .map(normalize)
    .filter((v) => v !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    // A hop that is not an address (a proxy's `unknown`, garbage) ends the chain of trust there.
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trusted(trust, current)) return current;
  }
  return current;
}
