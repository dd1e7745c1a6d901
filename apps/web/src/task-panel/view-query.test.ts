import { describe, expect, it } from 'vitest';
import { withViewQuery } from './view-query.ts';

describe('a task address keeps the view’s filter', () => {
  it('carries the filter over, never the view’s own open task', () => {
    expect(withViewQuery('/w/ws/browse/WEB-12', '?q=login&assignee=me')).toBe(
      '/w/ws/browse/WEB-12?q=login&assignee=me',
    );
    expect(withViewQuery('/w/ws/browse/WEB-12', '?q=login&task=t1')).toBe('/w/ws/browse/WEB-12?q=login');
    expect(withViewQuery('/w/ws?task=t2', '?q=login&task=t1')).toBe('/w/ws?q=login&task=t2');
    expect(withViewQuery('/w/ws', '')).toBe('/w/ws');
    expect(withViewQuery('/w/ws', '?task=t1')).toBe('/w/ws');
  });
});
