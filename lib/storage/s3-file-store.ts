import crypto from "node:crypto";
import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { ByteRange, FileStat, FileStore, StoredFile } from "./file-store";

// The file store in an S3-compatible bucket (AWS, MinIO, Garage, s3rver in the tests): the same keys the rows name
// (blobs/sha256/<2 hex>/<hash>.<ext>, or snapshots/<link>/<snapshot>/<name> from before blobs), under an optional prefix, so a deployment can move between stores unchanged.
// A put is atomic in S3 (a reader sees the old object or the new one, never half), so no temporary names are needed.

export type S3Settings = {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Keys are stored under this folder of the bucket ("" for the bucket's root). */
  prefix?: string;
};

/** The metadata field `touch` writes its time into (x-amz-meta-kura-touched). */
const TOUCHED = "kura-touched";

/** Keys per listing call (S3 answers at most 1,000). */
const LIST_PAGE = 500;

const notFound = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound");

export class S3FileStore implements FileStore {
  readonly client: S3Client;
  private readonly prefix: string;

  constructor(readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
    this.prefix = settings.prefix ? `${settings.prefix.replace(/\/+$/, "")}/` : "";
  }

  /** The object key of a stored file; refuses keys that could name something outside the store's folder. */
  key(relativePath: string): string {
    const parts = relativePath.split("/");
    if (relativePath.startsWith("/") || parts.some((p) => p === ".." || p === "." || p === "")) {
      throw new Error(`Refusing a path outside the data folder: ${relativePath}`);
    }
    return this.prefix + relativePath;
  }

  async write(relativePath: string, data: Buffer | string): Promise<StoredFile> {
    const buffer = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const sha256 = crypto.createHash("sha256").update(buffer).digest("hex");
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relativePath), Body: buffer, ContentLength: buffer.length }));
    return { path: relativePath, bytes: buffer.length, sha256 };
  }

  async read(relativePath: string): Promise<Buffer> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relativePath) }));
    return Buffer.from(await answer.Body!.transformToByteArray());
  }

  async stream(relativePath: string, range?: ByteRange): Promise<Readable> {
    const header = range ? `bytes=${range.start}-${range.end ?? ""}` : undefined;
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relativePath), Range: header }));
    // In Node the SDK's body is an http.IncomingMessage, a Readable already.
    return answer.Body as Readable;
  }

  async stat(relativePath: string): Promise<FileStat | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relativePath) }));
      const modified = head.LastModified?.getTime() ?? 0;
      const touched = Date.parse(head.Metadata?.[TOUCHED] ?? "");
      return { path: relativePath, bytes: head.ContentLength ?? 0, modifiedAt: new Date(Number.isFinite(touched) ? Math.max(modified, touched) : modified) };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  /**
   * A copy of the object onto itself (same bytes, server-side) with the time in its metadata: AWS gives the copy a
   * new LastModified, but not every S3-compatible server does (s3rver keeps the old one), so `stat` reads the
   * metadata too. A listing (`scan`) shows LastModified only: the sweep looks again with `stat` before it deletes.
   */
  async touch(relativePath: string): Promise<boolean> {
    const key = this.key(relativePath);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          CopySource: `${this.settings.bucket}/${key.split("/").map(encodeURIComponent).join("/")}`,
          MetadataDirective: "REPLACE",
          Metadata: { [TOUCHED]: new Date().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async delete(relativePath: string): Promise<void> {
    // S3 answers a delete of a missing key with success, as the contract asks.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(relativePath) }));
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.scan(prefix, Number.MAX_SAFE_INTEGER)).map((object) => object.path);
  }

  async scan(prefix: string, limit: number): Promise<FileStat[]> {
    const folder = `${this.key(prefix.replace(/\/+$/, ""))}/`;
    const found: FileStat[] = [];
    // Paged with StartAfter (the last key seen) rather than continuation tokens: every S3-compatible server has it.
    let after: string | undefined;
    while (found.length < limit) {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: folder, StartAfter: after, MaxKeys: LIST_PAGE }));
      const objects = (page.Contents ?? []).filter((object) => object.Key);
      for (const object of objects) {
        found.push({ path: object.Key!.slice(this.prefix.length), bytes: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) });
      }
      if (!page.IsTruncated || objects.length === 0) break;
      after = objects[objects.length - 1]!.Key;
    }
    return found.slice(0, limit).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** A bucket has no folders: a "folder" is gone with its last key. */
  async removeEmptyFolders(): Promise<void> {}

  async removeTree(relativeDir: string): Promise<void> {
    const keys = await this.list(relativeDir);
    // DeleteObjects takes at most 1,000 keys per call.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: this.key(k) }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
  }
}
