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
    // search: more results than the index counts exactly
    countCapped: (n: number) => `${n.toLocaleString("en-US")}+ entries`,
    filteredBy: "Filtered by",
    clearFilters: "Clear filters",
    removeFilter: (tag: string) => `Remove filter ${tag}`,
    addFilter: (tag: string) => `Also filter by ${tag}`,
    searchLabel: "Search",
    searchPlaceholder: 'Search: words, "phrase", -word, tag:, site:, lang:, is:failed, type:pdf, before:, after:',
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
      canonical: "Canonical URL",
      authors: "Author",
      published: "Published",
      modified: "Updated",
      type: "Type",
      keywords: "Keywords",
      siteName: "Site",
      publisher: "Publisher",
      description: "Description",
      notes: "Capture notes",
      metadataTitle: "What the page says about itself",
      noMetadata: "This snapshot was taken before Kura kept page metadata.",
    },
    reader: {
      by: (byline: string) => `By ${byline}`,
      published: (date: string) => `Published ${date}`,
      updated: (date: string) => `updated ${date}`,
    },
  },
  tags: {
    title: "Tags",
    empty: "No tags yet.",
    count: (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`,
  },
  auth: {
    setupTitle: "Welcome to Kura",
    setupIntro: "Create the administrator account. You can add editors and viewers afterwards in Settings.",
    loginTitle: "Sign in",
    email: "Email",
    password: "Password",
    confirm: "Repeat the password",
    createAdmin: "Create administrator",
    signIn: "Sign in",
    signOut: "Sign out",
    badCredentials: "Wrong email or password.",
    throttled: (minutes: number) => `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    forbiddenTitle: "Not allowed",
    forbidden: "Your account cannot do this. Ask an administrator for another role.",
    signedInAs: (email: string, role: string) => `${email} (${role})`,
  },
  settings: {
    title: "Settings",
    nav: "Settings",
    account: "Your account",
    signOutEverywhere: "Sign out on every device",
    tokens: "API tokens",
    tokensIntro: "For scripts and the bookmarklet: send it as “Authorization: Bearer <token>”. It is shown once.",
    tokenName: "Token name",
    createToken: "Create token",
    newToken: "Your new token (copy it now, it will not be shown again):",
    revoke: "Revoke",
    noTokens: "No tokens yet.",
    lastUsed: "last used",
    tokenScope: "Token scope",
    scopeWrite: "Read and write (as your role allows)",
    scopeRead: "Read-only (GET only)",
    readOnly: "read-only",
    tokenExpiry: "Token lifetime",
    expiresNever: "Never expires",
    expiresInDays: (days: number) => `Expires in ${days} days`,
    expires: "expires",
    never: "never",
    users: "Users",
    role: "Role",
    addUser: "Add user",
    changeRole: "Change",
    deleteUser: "Delete",
    emailTaken: "There is already an account with this email.",
    bookmarklet: "Bookmarklet",
    bookmarkletIntro: "Drag this link to your bookmarks bar; clicking it archives the page you are on (a small window confirms it).",
    bookmarkletPhone: "On a phone, install Kura (your browser’s “Add to Home screen”) and share pages to it from the share sheet.",
    bookmarkletLabel: "Archive in Kura",
  },
  save: {
    title: "Save to Kura",
    saving: "Saving…",
    saved: "Saved to Kura — the capture is on its way.",
    exists: "Already in your library.",
    open: "Open the entry",
    close: "Close",
    retry: "Try again",
    failed: "Could not save this page.",
  },
  share: {
    title: "Public link",
    intro: "Anyone with the link can read this entry (read-only). Revoke it to stop that.",
    create: "Create public link",
    created: "Public link (copy it now, it is shown once):",
    revoke: "Revoke all",
    active: (n: number) => `${n} active public link${n === 1 ? "" : "s"}`,
    sharedNotice: "This is an archived copy, shared read-only from a Kura archive — not the live page.",
    provenanceLabel: "Where this copy comes from",
    originalUrl: "Original address:",
    capturedAt: "Captured:",
  },
  live: {
    cancel: "Cancel",
    cancelLabel: (title: string) => `Cancel the capture of ${title}`,
    retry: "Retry",
    retryLabel: (title: string) => `Retry the capture of ${title}`,
  },
  history: {
    title: "Versions",
    compare: "Compare versions",
    pickFrom: (date: string) => `Compare from the version of ${date}`,
    pickTo: (date: string) => `Compare to the version of ${date}`,
    needTwo: "Capture the page again to compare versions.",
  },
  diff: {
    title: "Changes between two versions",
    back: "Back to the entry",
    from: "From",
    to: "To",
    stats: (s: { addedLines: number; removedLines: number; changedLines: number; addedWords: number; removedWords: number }) =>
      `${s.changedLines} changed, ${s.addedLines} added and ${s.removedLines} removed line${s.changedLines + s.addedLines + s.removedLines === 1 ? "" : "s"} · ${s.addedWords} word${s.addedWords === 1 ? "" : "s"} added, ${s.removedWords} removed`,
    identical: "The two versions have exactly the same text.",
    sameSnapshot: "Pick two different versions to compare.",
    missingText: "One of these versions has no readable text to compare (it was not captured, failed, or found no text).",
    tooLarge: "The texts differ too much to compare line by line; the whole text is shown as replaced.",
    skipped: (n: number) => `${n} unchanged line${n === 1 ? "" : "s"}`,
    addedMarker: "+",
    removedMarker: "−",
    changedMarker: "~",
    added: "added",
    removed: "removed",
    changed: "changed",
    legend: "Lines: + added, − removed, ~ changed (removed words struck through, added words underlined).",
  },
  schedule: {
    title: "Scheduled re-capture",
    label: "Repeat",
    off: "Off",
    daily: "Every day",
    weekly: "Every week",
    custom: "Every N hours",
    hours: "Hours between captures",
    save: "Save schedule",
    saved: "Schedule saved.",
    next: (date: string) => `Next capture ${date}`,
    badHours: (max: number) => `Enter a whole number of hours from 1 to ${max}.`,
    notAllowed: "This entry cannot be re-captured on a schedule.",
  },
  queue: {
    title: "Capture queue",
    intro: "Capture jobs by state (queued includes retries waiting for their backoff).",
    states: { queued: "Queued", running: "Running", done: "Done", failed: "Failed", cancelled: "Cancelled" },
  },
  original: {
    badge: { pdf: "PDF", image: "Image", download: "File" },
    badgeTitle: { pdf: "A PDF, kept as the original file", image: "An image, kept as the original file", download: "A file, kept as it was downloaded" },
    download: (type: string, size: string, pages?: number) =>
      `Download original (${[type, size, pages ? `${pages} page${pages === 1 ? "" : "s"}` : null].filter(Boolean).join(", ")})`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    firstPage: "First page of the PDF",
    noPicture: "There is no picture of this file; download the original to open it.",
    noText: "This file has no text Kura could read.",
    problems: {
      encrypted: "The PDF is password-protected: its text and pages could not be read. The original file is kept.",
      damaged: "The PDF is damaged or not a PDF: its text and pages could not be read. The original file is kept.",
      unreadableImage: "The image could not be decoded; the original file is kept.",
    },
    info: {
      kind: "Kept as",
      fileName: "File name",
      size: "Original size",
      sha256: "Original SHA-256",
      pages: "Pages",
      author: "Author",
      dimensions: "Dimensions",
    },
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

/** A calendar day (published/updated dates carry no meaningful time for a reader). */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date);
}

export const languageNames: Record<string, string> = { zh: "中文", en: "English", ja: "日本語" };
