/**
 * The OpenAPI 3.1 document, generated from the route specs and their zod schemas, so it lists
 * exactly the routes the server has. `x-taskflow-action` names the policy action a route checks
 * against the caller's role in its one workspace (docs/SECURITY.md prints the table); the
 * policy-matrix test reads it from here. A list route is never refused: `x-taskflow-list-action`
 * names the action that picks which of the caller's workspaces it lists.
 */
import { z } from 'zod';
import { ERROR_CODES, ERROR_STATUS } from '../errors.ts';
import type { RouteSpec } from './api-types.ts';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ERROR_CODES },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

function operation(spec: RouteSpec) {
  const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams: unknown[] = [];
  if (spec.query) {
    const shape = jsonSchema(spec.query) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(shape.properties ?? {})) {
      queryParams.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema });
    }
  }
  // Every route: the body-size limit, the Host allowlist, a server fault; body routes: the
  // content type and the JSON checks that run before the handler.
  const codes = new Set<string>([
    ...spec.errors,
    ...(spec.body ? ['invalid_json', 'json_too_deep', 'unsupported_media_type'] : []),
    // Writes: the REST write rate limit (protection/rest-write-limit.ts).
    ...(spec.method !== 'get' ? ['rate_limited'] : []),
    'payload_too_large',
    'misdirected_request',
    'internal',
  ]);
  const responses: Record<string, unknown> = {
    [String(spec.status)]: { description: spec.status === 204 ? 'Done (no content).' : 'Success.' },
  };
  for (const code of codes) {
    const status = String(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
    const prev = responses[status] as { description: string } | undefined;
    responses[status] = {
      description: prev ? `${prev.description}, ${code}` : code,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    summary: spec.summary,
    operationId: `${spec.method}${spec.path.replace(/[/:](\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    ...(spec.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(spec.action && spec.scope === 'workspace' ? { 'x-taskflow-action': spec.action } : {}),
    ...(spec.action && spec.scope === 'workspaces' ? { 'x-taskflow-list-action': spec.action } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(spec.body
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(specs: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][spec.method] = operation(spec);
  }
  paths['/api/v1/openapi.json'] = {
    get: { summary: 'This document.', security: [], responses: { '200': { description: 'OpenAPI 3.1.' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Taskflow API',
      version: '1',
      description:
        'Accounts, workspaces, members, projects, tasks and comments, sprints and the backlog, worklogs. A task may be named by its key (WEB-12) wherever a task id goes, with workspaceId. Errors are {"error": {"code", "message"}}. ' +
        'The refresh token travels only in the httpOnly cookie tf_refresh (Path=/api/v1/auth).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
