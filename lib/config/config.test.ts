import { describe, expect, it } from "vitest";
import { loadConfig } from "./index";

describe("KURA_HIDE_OVERLAYS", () => {
  it("is on by default, off with 0, and refuses anything else with a clear message", () => {
    expect(loadConfig({}).capture.hideOverlays).toBe(true);
    expect(loadConfig({ KURA_HIDE_OVERLAYS: "1" }).capture.hideOverlays).toBe(true);
    expect(loadConfig({ KURA_HIDE_OVERLAYS: "0" }).capture.hideOverlays).toBe(false);
    expect(() => loadConfig({ KURA_HIDE_OVERLAYS: "yes" })).toThrow("Invalid Kura configuration: KURA_HIDE_OVERLAYS: KURA_HIDE_OVERLAYS must be 0 or 1");
  });
});

describe("settings read only here", () => {
  it("KURA_SEED_CAPTURE: capture at import by default, queue only with 0, refuse anything else", () => {
    expect(loadConfig({}).seedCapture).toBe(true);
    expect(loadConfig({ KURA_SEED_CAPTURE: "0" }).seedCapture).toBe(false);
    expect(() => loadConfig({ KURA_SEED_CAPTURE: "no" })).toThrow("KURA_SEED_CAPTURE must be 0 or 1");
  });

  it("KURA_BROWSER_WS_ENDPOINT: a ws:// or wss:// address, unset when blank, anything else refused", () => {
    expect(loadConfig({ KURA_BROWSER_WS_ENDPOINT: " ws://10.0.0.5:3100/kura-secret " }).browserWsEndpoint).toBe("ws://10.0.0.5:3100/kura-secret");
    expect(loadConfig({ KURA_BROWSER_WS_ENDPOINT: "" }).browserWsEndpoint).toBeUndefined();
    expect(() => loadConfig({ KURA_BROWSER_WS_ENDPOINT: "http://10.0.0.5:3100/" })).toThrow("KURA_BROWSER_WS_ENDPOINT: must be a ws:// or wss:// address");
  });

  it("KURA_BROWSER_PATH: trimmed, and unset when blank", () => {
    expect(loadConfig({ KURA_BROWSER_PATH: " /usr/bin/chromium " }).browserPath).toBe("/usr/bin/chromium");
    expect(loadConfig({ KURA_BROWSER_PATH: "  " }).browserPath).toBeUndefined();
    expect(loadConfig({}).browserPath).toBeUndefined();
  });
});

describe("KURA_S3_*: where stored files live", () => {
  it("is the data folder unless a bucket is named", () => {
    expect(loadConfig({}).storage).toEqual({ kind: "local" });
  });

  it("names the bucket, with path-style addressing whenever an endpoint is set, unless told otherwise", () => {
    const s3 = loadConfig({ KURA_S3_BUCKET: "kura", KURA_S3_ENDPOINT: "http://127.0.0.1:9000", KURA_S3_PREFIX: "team/prod" }).storage;
    expect(s3).toMatchObject({ kind: "s3", bucket: "kura", endpoint: "http://127.0.0.1:9000", region: "us-east-1", prefix: "team/prod", forcePathStyle: true });
    expect(loadConfig({ KURA_S3_BUCKET: "kura" }).storage).toMatchObject({ forcePathStyle: false, endpoint: undefined });
    expect(loadConfig({ KURA_S3_BUCKET: "kura", KURA_S3_ENDPOINT: "http://127.0.0.1:9000", KURA_S3_FORCE_PATH_STYLE: "0" }).storage).toMatchObject({
      forcePathStyle: false,
    });
  });

  it("refuses a half-given key pair, an endpoint that is no URL and a prefix that steps outside", () => {
    expect(() => loadConfig({ KURA_S3_BUCKET: "kura", KURA_S3_ACCESS_KEY_ID: "id" })).toThrow(
      "set both KURA_S3_ACCESS_KEY_ID and KURA_S3_SECRET_ACCESS_KEY, or neither",
    );
    expect(() => loadConfig({ KURA_S3_BUCKET: "kura", KURA_S3_ENDPOINT: "minio:9000" })).toThrow("KURA_S3_ENDPOINT must be a URL");
    expect(() => loadConfig({ KURA_S3_BUCKET: "kura", KURA_S3_PREFIX: "../other" })).toThrow("KURA_S3_PREFIX must be a folder name");
  });
});
