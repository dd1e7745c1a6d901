/**
 * `address` with the view's own query carried over (the filter bar's filter, issue 14): the board
 * beside the side panel stays filtered while a task is open, and closing it keeps the filter.
 * The open task's own `?task=` is the address's to say, never the view's.
 */
export function withViewQuery(address: string, viewSearch: string): string {
  const [path = '', own = ''] = address.split('?');
  const params = new URLSearchParams(viewSearch);
  params.delete('task');
  for (const [k, v] of new URLSearchParams(own)) params.set(k, v);
  return params.size > 0 ? `${path}?${params}` : path;
}
