/**
 * Issue 15, must-show 2 (tracing): a real server with OTEL tracing pointed at an OTLP/HTTP receiver
 * in this process (a plain node:http server taking the exporter's JSON at POST /v1/traces). One
 * card move from a real @hocuspocus/provider client gives one `sync.update` span whose children are
 * the durable append and the relay to the other client (same trace, parent ids linked, inside the
 * parent's time); REST requests give server spans named by route template (children of a caller's
 * W3C traceparent); a ticker pass and an email sent to a real SMTP server give theirs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, until } from './helpers/client.ts';
import { type MailSink, startMailSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** One span as OTLP/JSON carries it (ids in hex, times in nanoseconds as strings). */
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number };
};
type Received = { service: string | undefined; span: OtlpSpan };

/** OTLP's SpanKind numbering (SPAN_KIND_SERVER = 2, SPAN_KIND_CLIENT = 3). */
const SERVER = 2;
const CLIENT = 3;

function attribute(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('boolValue' in value) return value.boolValue;
  return value;
}

/** The collector: keeps every span of every request, answers 200 with an empty export response. */
async function startReceiver(): Promise<{
  url: string;
  spans: Received[];
  contentTypes: string[];
  close(): Promise<void>;
}> {
  const spans: Received[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      contentTypes.push(String(req.headers['content-type']));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource?: { attributes?: OtlpSpan['attributes'] };
          scopeSpans: { spans: OtlpSpan[] }[];
        }[];
      };
      for (const rs of body.resourceSpans) {
        const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
        for (const ss of rs.scopeSpans)
          for (const span of ss.spans) spans.push({ service: service as string | undefined, span });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('tracing to an OTLP receiver', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sink: MailSink;
  let server: RunningServer;
  let dir: ReturnType<typeof tempDir>;
  let owner: Session;

  beforeAll(async () => {
    receiver = await startReceiver();
    sink = await startMailSink();
    dir = tempDir('tracing');
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      smtpUrl: sink.url,
      tickMs: 3_600_000,
      senderMs: 3_600_000,
      tracing: { endpoint: receiver.url, serviceName: 'taskflow-tracing-test' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await receiver?.close();
    dir?.remove();
  });

  test('one card move: sync.update with its append and broadcast children; HTTP, ticker and email spans', async () => {
    owner = await signUp(server.url, { name: 'Tess Tracer' });
    // A proxy that traces sends W3C trace context: the request's span joins that trace.
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    await call(server.url, 'GET', '/me', {
      token: owner.accessToken,
      headers: { traceparent: `00-${remote.traceId}-${remote.spanId}-01` },
    });
    const ws = await createWorkspace(owner, 'Traced');
    const created = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId: FIRST_PROJECT_ID, workspaceId: ws, title: 'Move me' },
    });
    expect(created.status).toBe(201);
    const taskId: string = created.body.task.id;
    // An invitation queues an email, sent by the sender pass below.
    const invited = await call(server.url, 'POST', `/workspaces/${ws}/invite`, {
      token: owner.accessToken,
      body: { email: 'guest@example.com', role: 'member' },
    });
    expect(invited.status).toBe(201);

    const mover = connectClient(`${server.url.replace('http', 'ws')}/sync`, {
      name: ws,
      token: owner.accessToken,
    });
    const watcher = connectClient(`${server.url.replace('http', 'ws')}/sync`, {
      name: ws,
      token: owner.accessToken,
    });
    try {
      await Promise.all([mover.synced, watcher.synced]);
      await until(mover.doc, (d) => readTask(d, taskId) !== undefined);
      const doing = readBoard(mover.doc, FIRST_PROJECT_ID)?.columns[1]?.id;
      if (!doing) throw new Error('no second column');
      // Spans of the connections' handshakes are exported before the move, so the move's is alone.
      await server.flushTraces();
      const before = receiver.spans.length;

      moveTask(mover.doc, mover.editor, taskId, doing, 0);
      await until(watcher.doc, (d) => readTask(d, taskId)?.columnId === doing);
      await mover.acked();
      await server.tick();
      await sink.waitFor(1);
      await server.flushTraces();

      const spans = receiver.spans.slice(before).map((r) => r.span);
      const updates = spans.filter((s) => s.name === 'sync.update');
      expect(updates).toHaveLength(1);
      const update = updates[0] as OtlpSpan;
      expect(update.kind).toBe(SERVER);
      expect(attribute(update, 'taskflow.workspace.id')).toBe(ws);
      expect(attribute(update, 'taskflow.user.id')).toBe(owner.user.id);
      expect(attribute(update, 'taskflow.request_id')).toEqual(expect.any(String));
      expect(update.parentSpanId ?? '').toBe('');

      const children = spans.filter((s) => s.parentSpanId === update.spanId);
      expect(children.map((s) => s.name).sort()).toEqual(['sync.append', 'sync.broadcast']);
      for (const child of children) {
        expect(child.traceId).toBe(update.traceId);
        expect(BigInt(child.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(update.startTimeUnixNano));
        expect(BigInt(child.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(update.endTimeUnixNano));
      }
      // The append is on disk before the relay goes out.
      const append = children.find((s) => s.name === 'sync.append') as OtlpSpan;
      const broadcast = children.find((s) => s.name === 'sync.broadcast') as OtlpSpan;
      expect(BigInt(append.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(broadcast.startTimeUnixNano));

      const ticker = spans.find((s) => s.name === 'ticker.pass');
      expect(ticker && attribute(ticker, 'taskflow.ticker.leased')).toBe(true);
      const email = spans.find((s) => s.name === 'email.send');
      expect(email?.kind).toBe(CLIENT);
      expect(email && attribute(email, 'taskflow.email.transport')).toBe('smtp');
    } finally {
      mover.destroy();
      watcher.destroy();
    }

    // HTTP: a server span per request, named by route template, with the status.
    const all = receiver.spans.map((r) => r.span);
    const createTaskSpan = all.find((s) => s.name === 'POST /api/v1/tasks');
    expect(createTaskSpan?.kind).toBe(SERVER);
    expect(createTaskSpan && attribute(createTaskSpan, 'http.route')).toBe('/api/v1/tasks');
    expect(createTaskSpan && attribute(createTaskSpan, 'http.response.status_code')).toBe(201);
    expect(createTaskSpan && attribute(createTaskSpan, 'taskflow.workspace.id')).toBe(ws);
    const inviteSpan = all.find((s) => s.name === 'POST /api/v1/workspaces/:id/invite');
    expect(inviteSpan && attribute(inviteSpan, 'taskflow.user.id')).toBe(owner.user.id);
    expect(all.find((s) => s.name === 'GET /api/v1/me')).toMatchObject({
      traceId: remote.traceId,
      parentSpanId: remote.spanId,
    });
    // No raw path anywhere: ids and tokens stay out of span names and attributes.
    expect(JSON.stringify(all)).not.toContain(`/workspaces/${ws}/`);

    expect(new Set(receiver.spans.map((r) => r.service))).toEqual(new Set(['taskflow-tracing-test']));
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
  });
});
