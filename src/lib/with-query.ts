// A path with a query string of the parameters that have a value, as the public pages link each other.
// Example: withQuery('/a', { q: '', tz: 'UTC' }) → '/a?tz=UTC'
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
