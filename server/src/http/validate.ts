/** zod at the HTTP edge: bodies, params and queries become typed values or a 400 with details. */
import type { z } from 'zod';
import { ApiError, type ErrorDetail } from '../errors.ts';
import type { ApiContext } from './api-types.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';

function details(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ApiError('invalid_input', `The ${what} is not valid.`, details(parsed.error));
  return parsed.data;
}

/**
 * The JSON body, validated. Before this: the body-size limit (1 MiB, api.ts) and the content type
 * (route-table.ts). The nesting check runs before JSON.parse, whose cost it bounds.
 */
export async function readBody<S extends z.ZodType>(c: ApiContext, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (nestsDeeperThan(text)) {
    throw new ApiError('json_too_deep', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
  return parse(schema, json, 'request body');
}

export function readQuery<S extends z.ZodType>(c: ApiContext, schema: S): z.infer<S> {
  return parse(schema, c.req.query(), 'query');
}

/** A path parameter. Ids are opaque strings; an absurd one cannot name anything, so it is not found. */
export function param(c: ApiContext, name: string): string {
  const value = c.req.param(name);
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new ApiError('not_found', 'That does not exist.');
  }
  return value;
}
