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

  it("KURA_BROWSER_PATH: trimmed, and unset when blank", () => {
    expect(loadConfig({ KURA_BROWSER_PATH: " /usr/bin/chromium " }).browserPath).toBe("/usr/bin/chromium");
    expect(loadConfig({ KURA_BROWSER_PATH: "  " }).browserPath).toBeUndefined();
    expect(loadConfig({}).browserPath).toBeUndefined();
  });
});
