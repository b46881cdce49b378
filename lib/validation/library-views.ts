import { z } from "@/lib/validation/zod";

// How the library listing is ordered, narrowed and drawn: URL parameters (?sort=title&status=failed&type=pdf), so a
// listing can be shared; the view (cards or a dense list) is the viewer's own, kept in a cookie.

export const LIBRARY_SORTS = ["added", "title", "site", "captured"] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/** The latest capture's state: ready, failed, or still queued/capturing (pending). */
export const STATUS_FILTERS = ["ready", "failed", "pending"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** What the latest capture kept: a rendered web page, a PDF, an image. */
export const FILE_TYPE_FILTERS = ["html", "pdf", "image"] as const;
export type FileTypeFilter = (typeof FILE_TYPE_FILTERS)[number];

export const LIBRARY_VIEWS = ["cards", "list"] as const;
export type LibraryView = (typeof LIBRARY_VIEWS)[number];
export const LIBRARY_VIEW_COOKIE = "kura-library-view";

// An unknown value falls back to none (the default order, no filter): a shared link with an odd parameter still opens.
export const librarySortSchema = z.enum(LIBRARY_SORTS).optional().catch(undefined);
export const statusFilterSchema = z.enum(STATUS_FILTERS).optional().catch(undefined);
export const fileTypeFilterSchema = z.enum(FILE_TYPE_FILTERS).optional().catch(undefined);
/**
 * The entry's site: the host (and port) of its address as stored (lower case), e.g. `docs.docker.com`. Only host
 * characters: anything else cannot name a site and is dropped.
 */
export const siteFilterSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(260)
  .regex(/^[a-z0-9.\-:[\]_@%]+$/)
  .optional()
  .catch(undefined);
export const libraryViewSchema = z.enum(LIBRARY_VIEWS).catch("cards");
