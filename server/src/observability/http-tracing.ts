/**
 * A server span per HTTP request (only mounted when tracing is on), named like the request log's
 * route: `GET /api/v1/tasks/:id`. Like the log line it carries the route template and never the
 * raw path or query, where tokens travel. A W3C `traceparent` header (a proxy or client that
 * traces) makes the span its child, so the request is one trace end to end.
 */
import { type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { RequestLogEnv } from './request-log.ts';

export function httpTracing(tracer: Tracer): MiddlewareHandler<RequestLogEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } },
      parentFrom(c.req.header('traceparent')),
    );
    c.set('traceId', span.spanContext().traceId);
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const route = routePath(c) || 'unmatched';
      span.updateName(`${method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      const requestId = c.get('requestId');
      if (requestId) span.setAttribute('taskflow.request_id', requestId);
      const user = c.get('auth')?.user.id;
      if (user) span.setAttribute('taskflow.user.id', user);
      const workspace = c.get('workspace');
      if (workspace) span.setAttribute('taskflow.workspace.id', workspace);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}

/** `00-<trace id>-<parent span id>-<flags>` (W3C Trace Context, version 00); anything else: no parent. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parentFrom(header: string | undefined): Context {
  const m = header === undefined ? null : TRACEPARENT.exec(header.trim());
  if (!m?.[1] || !m[2] || !m[3]) return ROOT_CONTEXT;
  // All-zero ids are invalid by the spec.
  if (/^0+$/.test(m[1]) || /^0+$/.test(m[2])) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1],
    spanId: m[2],
    traceFlags: Number.parseInt(m[3], 16) & 1,
    isRemote: true,
  });
}
