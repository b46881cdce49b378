/** Library URL for a set of tag filters and an optional search, keeping `?tag=a&tag=b` (AND) readable. */
export function libraryHref(tags: string[], q?: string, page?: number): string {
  const params = new URLSearchParams();
  for (const tag of tags) params.append("tag", tag);
  if (q) params.set("q", q);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/?${query}` : "/";
}
