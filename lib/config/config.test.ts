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
