// What a URL answered with when it was not a page to render: kept byte-for-byte as the original file.

export type OriginalKind = "pdf" | "image" | "download";

/** What could not be read from a kept file; the file is kept anyway. */
export type OriginalProblem = "encrypted" | "damaged" | "unreadableImage";

/** The main document's response as the network guard received it. */
export type MainResponse = { url: string; headers: Record<string, string>; body: Buffer; truncated: boolean };

export type OriginalFile = {
  kind: OriginalKind;
  contentType: string;
  body: Buffer;
  /** Safe name for downloads: from Content-Disposition or the URL, with the extension of its type. */
  fileName: string;
  /** Without the dot: "pdf", "png", "bin". */
  extension: string;
};

/** Facts read from the original (stored with the snapshot as its kept file's info). */
export type OriginalInfo = {
  kind: OriginalKind;
  fileName: string;
  pages?: number;
  title?: string;
  author?: string;
  width?: number;
  height?: number;
  problem?: OriginalProblem;
};

export type OriginalCapture = {
  file: OriginalFile;
  info: OriginalInfo;
  text: string;
  screenshot: Buffer | null;
  thumbnail: Buffer | null;
};
