import { spawn } from "node:child_process";
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { BrowserHost } from "./host";
import { lowerSessionPriority, sessionNice } from "./proc";

// Autogroup scheduling shares the CPU between sessions first: a browser in a session of its own must have its group
// lowered, or its processes' own nice level means nothing against the web server (bench:hostile measures the effect).
const autogroups = sessionNice(process.pid) !== null;

describe.skipIf(!autogroups)("the browser's scheduling group", () => {
  const host = new BrowserHost({ closeTimeoutMs: 2000 });
  afterAll(() => host.close());

  it("lowers a session's group, and only that one", async () => {
    const ours = sessionNice(process.pid);
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      const pid = child.pid!;
      const before = sessionNice(pid)!;
      expect(lowerSessionPriority(pid, before + 3)).toBe(true);
      expect(sessionNice(pid)).toBe(before + 3);
      // Asking for a higher priority than the group has is not attempted; the group keeps its level.
      expect(lowerSessionPriority(pid, before)).toBe(true);
      expect(sessionNice(pid)).toBe(before + 3);
      expect(sessionNice(process.pid)).toBe(ours);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("gives a launched browser's session the launching process's nice level", async () => {
    // This test file runs in a process of its own (Vitest's forks pool), so lowering it touches no other file.
    const nice = Math.max(os.getPriority(), 0) + 4;
    os.setPriority(nice);
    await host.get();
    expect(host.pid).not.toBeNull();
    expect(sessionNice(host.pid!)).toBe(nice);
    expect(sessionNice(process.pid)).not.toBe(nice);
  });
});
