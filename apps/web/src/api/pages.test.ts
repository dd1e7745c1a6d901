import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allPages, PAGE_MAX } from './pages.ts';

const schema = z.object({ items: z.array(z.number()), nextCursor: z.string().nullable().optional() });

describe('allPages', () => {
  it('follows nextCursor (sent encoded) with the largest page until it is null', async () => {
    const asked: string[] = [];
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      '': { items: [1, 2], nextCursor: 'a+b/=' },
      'a+b/=': { items: [3], nextCursor: 'c' },
      c: { items: [], nextCursor: null },
    };
    const api = async <T>(path: string, s: z.ZodType<T>): Promise<T> => {
      asked.push(path);
      const cursor = new URL(path, 'http://x').searchParams.get('cursor') ?? '';
      return s.parse(pages[cursor]);
    };
    expect(await allPages(api, '/api/v1/things?workspaceId=w', schema, (p) => p.items)).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      `/api/v1/things?workspaceId=w&limit=${PAGE_MAX}`,
      `/api/v1/things?workspaceId=w&limit=${PAGE_MAX}&cursor=a%2Bb%2F%3D`,
      `/api/v1/things?workspaceId=w&limit=${PAGE_MAX}&cursor=c`,
    ]);
  });

  it('an answer without nextCursor (an older server) is the whole list', async () => {
    const api = async <T>(_path: string, s: z.ZodType<T>): Promise<T> => s.parse({ items: [7] });
    expect(await allPages(api, '/api/v1/things', schema, (p) => p.items)).toEqual([7]);
  });
});
