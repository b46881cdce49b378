// A real S3-compatible server for tests, benches and the scale-out e2e run: kept apart from the vitest-bound file-store
// contract (./testing.ts) so a Playwright spec or a bench can start one too.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { S3FileStore } from "./s3-file-store";

export type S3TestServer = { endpoint: string; bucket: string; stop: () => Promise<void> };

/** A real S3-compatible server (s3rver) on a free loopback port, its objects in a temp folder; one bucket made. */
export async function startS3Server(bucket = "kura-test"): Promise<S3TestServer> {
  const { default: S3rver } = (await import("s3rver")) as unknown as { default: new (options: object) => S3rverServer };
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "kura-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    stop: async () => {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

type S3rverServer = { run(): Promise<{ port: number }>; close(): Promise<void> };

/** The settings (lib/config) that put a process's files in a test server's bucket, as docs/deploy.md configures one. */
export function s3Environment(server: Pick<S3TestServer, "endpoint" | "bucket">): Record<string, string> {
  return {
    KURA_S3_ENDPOINT: server.endpoint,
    KURA_S3_BUCKET: server.bucket,
    KURA_S3_REGION: "us-east-1",
    KURA_S3_ACCESS_KEY_ID: "S3RVER",
    KURA_S3_SECRET_ACCESS_KEY: "S3RVER",
    KURA_S3_FORCE_PATH_STYLE: "1",
  };
}

/** The file store on a test server's bucket, as Kura is configured for a self-hosted one (s3rver's fixed key pair). */
export function s3StoreOn(server: Pick<S3TestServer, "endpoint" | "bucket">, prefix?: string): S3FileStore {
  return new S3FileStore({
    endpoint: server.endpoint,
    bucket: server.bucket,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
    prefix,
  });
}
