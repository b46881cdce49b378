import { describe, expect, it } from "vitest";
import { pendingRetry } from "./retry";

const runAt = new Date("2026-12-04T19:30:05.000Z");

describe("pendingRetry", () => {
  it("reads the attempt to come and its time from a job queued again after a failed attempt", () => {
    expect(pendingRetry({ status: "queued" }, { state: "queued", attempts: 1, maxAttempts: 3, runAt })).toEqual({
      attempt: 2,
      maxAttempts: 3,
      runAt: "2026-12-04T19:30:05.000Z",
    });
  });

  it("reads the time as a raw JSON read stores it: SQLite milliseconds, PostgreSQL text without a zone", () => {
    const job = { state: "queued", attempts: 2, maxAttempts: 3 };
    expect(pendingRetry({ status: "queued" }, { ...job, runAt: runAt.getTime() })?.runAt).toBe(runAt.toISOString());
    expect(pendingRetry({ status: "queued" }, { ...job, runAt: "2026-12-04T19:30:05" })?.runAt).toBe(runAt.toISOString());
    expect(pendingRetry({ status: "queued" }, { ...job, runAt: "2026-12-04T19:30:05+00:00" })?.runAt).toBe(runAt.toISOString());
    expect(pendingRetry({ status: "queued" }, { ...job, runAt: "not a time" })).toBeNull();
  });

  it("is null for a first attempt, a running or ended job, a last attempt spent, or no job", () => {
    expect(pendingRetry({ status: "queued" }, { state: "queued", attempts: 0, maxAttempts: 3, runAt })).toBeNull();
    expect(pendingRetry({ status: "capturing" }, { state: "running", attempts: 2, maxAttempts: 3, runAt })).toBeNull();
    expect(pendingRetry({ status: "failed" }, { state: "failed", attempts: 3, maxAttempts: 3, runAt })).toBeNull();
    expect(pendingRetry({ status: "queued" }, { state: "queued", attempts: 3, maxAttempts: 3, runAt })).toBeNull();
    expect(pendingRetry({ status: "queued" }, null)).toBeNull();
  });
});
