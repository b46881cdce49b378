import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDate, formatDay, formatMonth, languageName } from "./format";

describe("format", () => {
  const at = new Date("2026-12-03T09:05:00Z");
  it("keeps the English wording of today", () => {
    expect(formatDate(at, "en")).toBe("3 Dec 2026, 09:05 UTC");
    expect(formatDay("2026-12-03", "en")).toBe("3 December 2026");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(null, "en")).toBe("—");
  });
  it("writes dates the Chinese and Japanese way", () => {
    expect(formatDay("2026-12-03", "zh")).toBe("2026年12月3日");
    expect(formatDay("2026-12-03", "ja")).toBe("2026年12月3日");
    expect(formatDate(at, "ja")).toContain("2026/12/03");
  });
  it("writes months and counts per locale", () => {
    expect(formatMonth("2026-12", "en")).toBe("Dec 2026");
    expect(formatMonth("2027-01", "en", "short")).toBe("Jan");
    expect(formatMonth("2026-12", "zh")).toBe("2026年12月");
    expect(formatMonth("2026-12", "ja", "short")).toBe("12月");
    expect(formatCount(12345, "en")).toBe("12,345");
    expect(formatBytes(5 * 1024 * 1024 + 512 * 1024, "ja")).toBe("5.5 MB");
  });
  it("names languages in the reader's language", () => {
    expect(languageName("zh", "zh")).toBe("中文");
    expect(languageName("ja", "en")).toBe("Japanese");
  });
});
