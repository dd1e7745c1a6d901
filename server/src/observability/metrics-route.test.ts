import { describe, expect, it } from 'vitest';
import { decideMetricsAccess, isLoopback } from './metrics-route.ts';

const request = (remoteAddress: string | undefined, authorization?: string, proxied = false) => ({
  remoteAddress,
  authorization,
  proxied,
});

describe('who may read /metrics', () => {
  it('without a token: loopback peers only, in every spelling Node gives them', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(decideMetricsAccess({}, request(address)), address).toBe('allow');
    for (const address of [
      '10.0.0.5',
      '192.0.2.2',
      '::ffff:10.0.0.5',
      'fd00::2',
      '::',
      '0.0.0.0',
      '128.0.0.1',
      '127.0.0.1.evil',
      '',
      undefined,
    ])
      expect(decideMetricsAccess({}, request(address)), String(address)).toBe('forbidden');
  });

  it('without a token: a loopback request that came through a proxy is not local', () => {
    expect(decideMetricsAccess({}, request('127.0.0.1', undefined, true))).toBe('forbidden');
  });

  it('with a token: only the exact bearer token, from any address; a loopback peer gets no pass', () => {
    const access = { token: 'a-long-enough-metrics-token' };
    expect(decideMetricsAccess(access, request('203.0.113.7', 'Bearer a-long-enough-metrics-token'))).toBe(
      'allow',
    );
    expect(
      decideMetricsAccess(access, request('127.0.0.1', 'bearer a-long-enough-metrics-token', true)),
    ).toBe('allow');
    for (const authorization of [
      undefined,
      '',
      'Bearer ',
      'Bearer a-long-enough-metrics-toke',
      'Bearer a-long-enough-metrics-token ',
      'Basic a-long-enough-metrics-token',
      'a-long-enough-metrics-token',
    ])
      expect(decideMetricsAccess(access, request('127.0.0.1', authorization)), String(authorization)).toBe(
        'unauthorized',
      );
  });

  it('isLoopback accepts nothing but 127/8 and ::1', () => {
    expect(isLoopback('127.255.255.254')).toBe(true);
    expect(isLoopback('::ffff:192.168.1.1')).toBe(false);
    expect(isLoopback('::2')).toBe(false);
  });
});
