import type { FileTypeFilter, LibrarySort, StatusFilter } from "@/lib/validation/library-views";

/** The listing's order and narrowing besides tags and text, carried along by every library link. */
export type ListingOptions = { sort?: LibrarySort; status?: StatusFilter; type?: FileTypeFilter; site?: string };

/** Library URL for a set of tag filters and an optional search, keeping `?tag=a&tag=b` (AND) readable. */
export function libraryHref(tags: string[], q?: string, page?: number, options: ListingOptions = {}): string {
  const params = new URLSearchParams();
  for (const tag of tags) params.append("tag", tag);
  if (q) params.set("q", q);
  if (options.sort) params.set("sort", options.sort);
  if (options.status) params.set("status", options.status);
  if (options.type) params.set("type", options.type);
  if (options.site) params.set("site", options.site);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/?${query}` : "/";
}
