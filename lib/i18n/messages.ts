// Every string the interface shows, in one place, so Kura can be translated without touching components.

export const messages = {
  app: {
    name: "Kura",
    nameNative: "蔵",
    tagline: "A storehouse for the pages you learned from",
    nav: { library: "Library", tags: "Tags" },
  },
  paste: {
    urlLabel: "Link to archive",
    urlPlaceholder: "Paste a link — https://…",
    tagsLabel: "Tags",
    tagsPlaceholder: "tags, comma separated",
    submit: "Archive",
    submitting: "Adding…",
    bulkHint: "Press Enter to archive",
  },
  library: {
    title: "Library",
    empty: "Nothing archived yet. Paste a link above to keep a copy of the page.",
    emptyFiltered: "No entries match these filters.",
    count: (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`,
    filteredBy: "Filtered by",
    clearFilters: "Clear filters",
    removeFilter: (tag: string) => `Remove filter ${tag}`,
    addFilter: (tag: string) => `Also filter by ${tag}`,
    searchLabel: "Search",
    searchPlaceholder: "Search titles, links and archived text",
    pagination: "Pages",
    previous: "Newer",
    next: "Older",
    pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
    noThumbnail: "No preview yet",
    seeded: "Knowledge base",
    batch: (done: number, total: number) => `${done} of ${total} links captured`,
    batchDetail: (ready: number, failed: number) => `${ready} ready, ${failed} failed`,
  },
  status: {
    queued: "Queued",
    capturing: "Capturing",
    loading: "Loading page",
    scrolling: "Loading lazy content",
    saving: "Saving",
    ready: "Ready",
    failed: "Failed",
    none: "Not captured",
  },
  link: {
    back: "Back to library",
    views: "Views of the snapshot",
    tabs: { reader: "Reader", screenshot: "Screenshot", archive: "Archived page", info: "Info" },
    original: "Original",
    seededSource: "Shipped with Kura's troubleshooting knowledge base (the original address did not survive).",
    noText: "No readable text was found on this page.",
    notReady: "There is no finished snapshot of this page yet.",
    failedTitle: "The capture failed",
    recapture: "Capture again",
    retry: "Retry",
    delete: "Delete",
    deleteConfirm: "Delete this entry and all its snapshots? This cannot be undone.",
    editTags: "Tags",
    saveTags: "Save tags",
    tagsSaved: "Tags saved.",
    alreadyArchived: "This link is already in your library — here is its entry.",
    archiveFrameTitle: "Archived copy of the page (scripts disabled)",
    openArchive: "Open archived page in a new tab",
    snapshots: "Snapshots",
    info: {
      url: "URL",
      finalUrl: "Final URL",
      capturedAt: "Captured",
      addedAt: "Added",
      httpStatus: "HTTP status",
      contentType: "Content type",
      html: "Archived HTML",
      screenshot: "Screenshot",
      thumbnail: "Thumbnail",
      text: "Readable text",
      duration: "Capture time",
      language: "Language",
      sha256: "HTML SHA-256",
    },
  },
  tags: {
    title: "Tags",
    empty: "No tags yet.",
    count: (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`,
  },
  errors: {
    notFound: "This entry does not exist (it may have been deleted).",
    generic: "Something went wrong. Please try again.",
  },
} as const;

export type Messages = typeof messages;

/** The active locale's messages (English for now; the shape is the contract for translations). */
export function t(): Messages {
  return messages;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDate(date: Date | null | undefined): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC";
}

export const languageNames: Record<string, string> = { zh: "中文", en: "English", ja: "日本語" };
