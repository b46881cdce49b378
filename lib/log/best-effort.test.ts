import { afterEach, describe, expect, it, vi } from "vitest";
import { bestEffort, bestEffortSync, describeFailure, hasErrorCode, tolerate, tolerateSync } from "./best-effort";

function collector() {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("bestEffort", () => {
  it("resolves the value of work that succeeds and logs nothing", async () => {
    const { lines, log } = collector();
    await expect(bestEffort(Promise.resolve(42), "reading the answer", log)).resolves.toBe(42);
    await expect(bestEffort(async () => "done", "finishing", log)).resolves.toBe("done");
    await expect(bestEffort(() => 7, "a plain function", log)).resolves.toBe(7);
    expect(lines).toEqual([]);
  });

  it("resolves undefined for a rejected promise and logs one line with why and the error", async () => {
    const { lines, log } = collector();
    const result = await bestEffort(Promise.reject(new Error("Target closed")), "closing the capture context (the browser may be gone)", log);
    expect(result).toBeUndefined();
    expect(lines).toEqual(["best effort: closing the capture context (the browser may be gone): Error: Target closed"]);
  });

  it("catches a synchronous throw from the function form", async () => {
    const { lines, log } = collector();
    const work = (): number => {
      throw new TypeError("not a function");
    };
    await expect(bestEffort(work, "calling a listener", log)).resolves.toBeUndefined();
    expect(lines).toEqual(["best effort: calling a listener: TypeError: not a function"]);
  });

  it("keeps a multi-line error to its first line and names non-Error rejections", async () => {
    const { lines, log } = collector();
    await bestEffort(Promise.reject(new Error("first line\n    at stack frame\n    at another")), "multi", log);
    // Non-Error rejections happen (third-party code); the helper must still print something useful.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await bestEffort(Promise.reject("a bare string"), "string", log);
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await bestEffort(Promise.reject(undefined), "nothing", log);
    await bestEffort(Promise.reject(new Error("")), "empty", log);
    expect(lines).toEqual([
      "best effort: multi: Error: first line",
      "best effort: string: a bare string",
      "best effort: nothing: undefined",
      "best effort: empty: Error:",
    ]);
  });

  it("writes to console.warn with the [kura] prefix when no log is given", async () => {
    const warned: unknown[][] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warned.push(args));
    await bestEffort(Promise.reject(new Error("EBUSY")), "removing the temp folder", undefined);
    expect(warned).toEqual([["[kura] best effort: removing the temp folder: Error: EBUSY"]]);
  });

  it("never rejects, even when the logger throws", async () => {
    const warned: unknown[][] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warned.push(args));
    const throwingLog = () => {
      throw new Error("stream closed");
    };
    await expect(bestEffort(Promise.reject(new Error("boom")), "the work", throwingLog)).resolves.toBeUndefined();
    expect(warned).toHaveLength(1);
    expect(String(warned[0]?.[0])).toContain("best effort: the work: Error: boom");
    expect(String(warned[0]?.[0])).toContain("stream closed");
  });
});

describe("bestEffortSync", () => {
  it("returns the value, or undefined with one logged line", () => {
    const { lines, log } = collector();
    expect(bestEffortSync(() => "ok", "reading", log)).toBe("ok");
    expect(
      bestEffortSync(
        () => {
          throw new Error("ENOENT: no such file");
        },
        "unlinking a leftover pid file (another worker may have removed it)",
        log,
      ),
    ).toBeUndefined();
    expect(lines).toEqual(["best effort: unlinking a leftover pid file (another worker may have removed it): Error: ENOENT: no such file"]);
  });

  it("reports a promise that the sync form was handed instead of leaving it unobserved", async () => {
    const { lines, log } = collector();
    const rejected = Promise.reject(new Error("late failure"));
    void bestEffortSync(() => rejected, "a promise by mistake", log);
    await rejected.catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(["best effort: a promise by mistake: Error: late failure"]);
  });
});

describe("describeFailure", () => {
  it("formats one line", () => {
    expect(describeFailure("why", new RangeError("out of range\nmore"))).toBe("best effort: why: RangeError: out of range");
  });
});

describe("tolerate", () => {
  const failure = (code: string) => Object.assign(new Error(`${code}: something`), { code });

  it("resolves undefined for the expected codes and rejects with any other failure", async () => {
    await expect(tolerate(["ENOENT"], Promise.resolve("kept"))).resolves.toBe("kept");
    await expect(tolerate(["ENOENT", "ENOTEMPTY"], Promise.reject(failure("ENOTEMPTY")))).resolves.toBeUndefined();
    await expect(tolerate(["ENOENT"], Promise.reject(failure("EACCES")))).rejects.toThrow("EACCES");
    await expect(tolerate(["ENOENT"], Promise.reject(new Error("no code")))).rejects.toThrow("no code");
  });

  it("logs only the unexpected failure when wrapped in bestEffort", async () => {
    const { lines, log } = collector();
    await bestEffort(tolerate(["ENOTEMPTY"], Promise.reject(failure("ENOTEMPTY"))), "removing an empty folder", log);
    await bestEffort(tolerate(["ENOTEMPTY"], Promise.reject(failure("EACCES"))), "removing an empty folder", log);
    expect(lines).toEqual(["best effort: removing an empty folder: Error: EACCES: something"]);
  });

  it("has a synchronous form, and reads codes only from objects", () => {
    const throwing = (code: string) => () => {
      throw failure(code);
    };
    expect(tolerateSync(["ESRCH"], () => true)).toBe(true);
    expect(tolerateSync(["ESRCH"], throwing("ESRCH"))).toBeUndefined();
    expect(() => tolerateSync(["ESRCH"], throwing("EPERM"))).toThrow("EPERM");
    expect([hasErrorCode("ENOENT", ["ENOENT"]), hasErrorCode(null, ["ENOENT"]), hasErrorCode({ code: 2 }, ["2"])]).toEqual([false, false, false]);
  });
});
