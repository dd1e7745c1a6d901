/**
 * OpenTelemetry tracing, opt-in: with an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) each server
 * gets its own tracer provider exporting OTLP/HTTP JSON to `<endpoint>/v1/traces`; without one
 * nothing of the SDK is built and `tracer` is undefined, so every traced place costs one
 * `undefined` check (the sync update path is benchmarked).
 *
 * The provider is NOT registered globally (no `trace.setGlobalTracerProvider`, no context
 * manager): tests start several servers in one process, each with its own endpoint, and a global
 * would send one server's spans to another's collector. Parents are therefore passed explicitly
 * (sync-tracing.ts), never found through an active context.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { DEFAULTS } from '../config.ts';
import type { Logger } from '../logger.ts';

export type TracingOptions = {
  /** The OTLP/HTTP base address; spans go to `<endpoint>/v1/traces`, as the OTel spec says. */
  endpoint: string;
  serviceName?: string | undefined;
};

export type Tracing = {
  /** Undefined when tracing is off: callers skip their spans entirely. */
  readonly tracer: Tracer | undefined;
  /** Exports every ended span now (tests; close does it too). */
  flush(): Promise<void>;
  /** Flushes, then stops the exporter. */
  shutdown(): Promise<void>;
};

export const TRACING_OFF: Tracing = {
  tracer: undefined,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

export function startTracing(options: TracingOptions | undefined, logger: Logger): Tracing {
  if (!options) return TRACING_OFF;
  const exporter = new LoggedExporter(new OTLPTraceExporter({ url: tracesUrl(options.endpoint) }), logger);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName ?? DEFAULTS.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  logger.info({ endpoint: tracesUrl(options.endpoint) }, 'tracing on');
  let stopped: Promise<void> | undefined;
  return {
    tracer: provider.getTracer('taskflow'),
    flush: () => provider.forceFlush(),
    shutdown: () => {
      stopped ??= provider.shutdown().catch((error: unknown) => {
        logger.warn({ err: error }, 'tracing shutdown failed');
      });
      return stopped;
    },
  };
}

/** `<endpoint>/v1/traces` (OTEL_EXPORTER_OTLP_ENDPOINT is a base address, not the traces URL). */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * The SDK reports export failures only to its global diagnostic logger, silent by default: a
 * collector that is down would go unnoticed. One warning when exports start failing, one line
 * when they work again; spans that could not be sent are dropped (tracing never holds up work).
 */
/** `ExportResultCode.SUCCESS` of @opentelemetry/core, which is not a dependency of ours. */
const EXPORT_SUCCESS = 0;

class LoggedExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #logger: Logger;
  #failing = false;

  constructor(inner: SpanExporter, logger: Logger) {
    this.#inner = inner;
    this.#logger = logger;
  }

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.#inner.export(spans, (result) => {
      const failed = result.code !== EXPORT_SUCCESS;
      if (failed && !this.#failing) {
        this.#logger.warn({ err: result.error, spans: spans.length }, 'trace export failed (spans dropped)');
      } else if (!failed && this.#failing) {
        this.#logger.info('trace export works again');
      }
      this.#failing = failed;
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }
}
