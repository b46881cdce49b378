import { describe, expect, it } from "vitest";
import { createFormatter } from "next-intl";
import { DATE_TIME, formatBytes, formatCount, formatDay, formatMonth, languageName } from "./format";
import type { Locale } from "./catalogues";

describe("format", () => {
  const at = new Date("2026-12-03T09:05:00Z");
  it("writes a moment in the viewer's time zone through next-intl, in the same English order as days and months", () => {
    const moment = (locale: Locale, timeZone: string) => createFormatter({ locale, timeZone }).dateTime(at, DATE_TIME);
    expect(moment("en", "Asia/Tokyo")).toBe("Dec 3, 2026, 6:05 PM");
    expect(moment("en", "America/Sao_Paulo")).toBe("Dec 3, 2026, 6:05 AM");
    expect(moment("zh", "Asia/Shanghai")).toBe("2026年12月3日 17:05");
    expect(moment("ja", "Asia/Tokyo")).toBe("2026/12/03 18:05");
    expect(formatDay("2026-12-03", "en")).toBe("December 3, 2026");
    expect(formatMonth("2026-12", "en")).toBe("Dec 2026");
  });
  it("keeps the English wording of sizes", () => {
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(null, "en")).toBe("—");
  });
  it("writes dates the Chinese and Japanese way", () => {
    expect(formatDay("2026-12-03", "zh")).toBe("2026年12月3日");
    expect(formatDay("2026-12-03", "ja")).toBe("2026年12月3日");
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
