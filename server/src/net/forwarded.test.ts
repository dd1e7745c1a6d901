import { describe, expect, it } from 'vitest';
import { clientAddressOf, proxyTrust, TRUST_NO_PROXY, TrustProxyError } from './forwarded.ts';

const local = proxyTrust(['127.0.0.1', '::1']);

describe('the client address behind proxies', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.9', TRUST_NO_PROXY)).toBe('127.0.0.1');
    expect(clientAddressOf('::ffff:10.1.2.3', undefined, TRUST_NO_PROXY)).toBe('10.1.2.3');
    expect(clientAddressOf(undefined, '203.0.113.9', TRUST_NO_PROXY)).toBe('unknown');
  });

  it('is the address the trusted proxy appended, not one the client wrote to the left of it', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.9', local)).toBe('203.0.113.9');
    expect(clientAddressOf('::1', '6.6.6.6, 203.0.113.9', local)).toBe('203.0.113.9');
    expect(clientAddressOf('::ffff:127.0.0.1', ['6.6.6.6', '203.0.113.9'], local)).toBe('203.0.113.9');
  });

  it('skips every trusted hop of a chain, CIDR ranges included', () => {
    const chain = proxyTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddressOf('127.0.0.1', '198.51.100.7, 10.2.3.4, 10.9.9.9', chain)).toBe('198.51.100.7');
    // Everything trusted: the leftmost hop is the best we know.
    expect(clientAddressOf('127.0.0.1', '10.2.3.4', chain)).toBe('10.2.3.4');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddressOf('198.51.100.7', '127.0.0.1', local)).toBe('198.51.100.7');
  });

  it('stops at a hop that is not an address', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.9, unknown', local)).toBe('127.0.0.1');
    expect(clientAddressOf('127.0.0.1', '', local)).toBe('127.0.0.1');
  });

  it('refuses a TRUST_PROXY entry that is not an address or range', () => {
    expect(() => proxyTrust(['proxy.local'])).toThrow(TrustProxyError);
    expect(() => proxyTrust(['10.0.0.0/33'])).toThrow(TrustProxyError);
    expect(() => proxyTrust(['10.0.0.0/x'])).toThrow(TrustProxyError);
    expect(proxyTrust([' ']).any).toBe(false);
  });
});
