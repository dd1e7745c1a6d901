/**
 * Wrapping a unit of work (a ticker pass) in a span when tracing is on. With no tracer the work
 * runs as it is: no span, no closure kept, nothing exported.
 */
import { type Attributes, SpanStatusCode, type Tracer } from '@opentelemetry/api';

export async function inSpan<T>(
  tracer: Tracer | undefined,
  name: string,
  run: () => Promise<T>,
  describe?: (result: T) => Attributes,
): Promise<T> {
  if (!tracer) return run();
  const span = tracer.startSpan(name);
  try {
    const result = await run();
    if (describe) span.setAttributes(describe(result));
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}
