import { config } from "@/lib/config";
import { LocalFileStore, type FileStore } from "./file-store";
import { S3FileStore } from "./s3-file-store";

let store: FileStore | undefined;
/** The store the configuration chose: an S3-compatible bucket when KURA_S3_BUCKET is set, else the data folder. */
export function fileStore(): FileStore {
  const settings = config();
  store ??= settings.storage.kind === "s3" ? new S3FileStore(settings.storage) : new LocalFileStore(settings.dataDir);
  return store;
}
