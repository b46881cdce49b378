import { describe, expect, it } from "vitest";
import { rangeRequest } from "./byte-range";

describe("rangeRequest", () => {
  it("reads one byte range, open-ended and suffix forms included, clamped to the file", () => {
    expect(rangeRequest("bytes=0-99", 1000)).toEqual({ kind: "range", start: 0, end: 99 });
    expect(rangeRequest("bytes=900-", 1000)).toEqual({ kind: "range", start: 900, end: 999 });
    expect(rangeRequest("bytes=-10", 1000)).toEqual({ kind: "range", start: 990, end: 999 });
    expect(rangeRequest("bytes=990-5000", 1000)).toEqual({ kind: "range", start: 990, end: 999 });
  });

  it("refuses a range past the end of the file", () => {
    expect(rangeRequest("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(rangeRequest("bytes=5000-6000", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(rangeRequest("bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("serves the whole file for no header, a malformed one, another unit or several ranges", () => {
    expect(rangeRequest(null, 1000)).toEqual({ kind: "whole" });
    expect(rangeRequest("bytes", 1000)).toEqual({ kind: "whole" });
    expect(rangeRequest("items=0-5", 1000)).toEqual({ kind: "whole" });
    expect(rangeRequest("bytes=0-1,5-6", 1000)).toEqual({ kind: "whole" });
    // Overlapping ranges combine into one.
    expect(rangeRequest("bytes=0-10,5-20", 1000)).toEqual({ kind: "range", start: 0, end: 20 });
  });
});
