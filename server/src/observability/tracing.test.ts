import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { ConfigError, parseConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { parentFrom } from './http-tracing.ts';
import { requestIdFrom } from './request-id.ts';
import { startTracing, TRACING_OFF, tracesUrl } from './tracing.ts';

describe('tracing is opt-in by OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  test('unset: off, and no SDK is started', () => {
    expect(parseConfig({}).tracing).toBeUndefined();
    expect(startTracing(undefined, createLogger('silent'))).toBe(TRACING_OFF);
    expect(TRACING_OFF.tracer).toBeUndefined();
  });

  test('set: the endpoint, and OTEL_SERVICE_NAME or taskflow', () => {
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'taskflow',
    });
    expect(
      parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c.example/otlp/', OTEL_SERVICE_NAME: 'board-eu' })
        .tracing,
    ).toEqual({ endpoint: 'https://c.example/otlp/', serviceName: 'board-eu' });
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing).toBeUndefined();
  });

  test('a bad endpoint stops start-up naming the variable', () => {
    expect(() => parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(ConfigError);
    expect(() => parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  test('spans go to <endpoint>/v1/traces, as the OTel spec says of the base variable', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('https://c.example/otlp/')).toBe('https://c.example/otlp/v1/traces');
  });
});

describe('request ids', () => {
  test('a sane incoming id is kept', () => {
    for (const id of ['abc', 'A.b_c-1', 'x'.repeat(64), '0f8fad5b-d9cb-469f-a165-70867728950e'])
      expect(requestIdFrom(id)).toBe(id);
    expect(requestIdFrom(['first-1', 'second'])).toBe('first-1');
  });

  test('anything else gets a new UUID: missing, empty, too long, spaces, control or other characters', () => {
    for (const id of [undefined, null, '', 'x'.repeat(65), 'a b', 'a\nb', 'id;drop', 'ünï', '<script>'])
      expect(requestIdFrom(id)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});

describe('W3C traceparent', () => {
  test('a valid header is the remote parent', () => {
    const parent = trace.getSpanContext(
      parentFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
    );
    expect(parent).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
  });

  test('anything else starts a new trace', () => {
    for (const header of [
      undefined,
      '',
      'garbage',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    ])
      expect(parentFrom(header)).toBe(ROOT_CONTEXT);
  });
});
