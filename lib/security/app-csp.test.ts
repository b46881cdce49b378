import { describe, expect, it } from "vitest";
import { appContentSecurityPolicy, newNonce } from "./app-csp";

describe("the app pages' CSP", () => {
  it("lets only the nonce's scripts run and closes objects, base, framing and foreign form targets", () => {
    const policy = appContentSecurityPolicy("abc");
    const directives = new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(directives.get("script-src")).toBe("'nonce-abc' 'strict-dynamic'");
    expect(directives.get("object-src")).toBe("'none'");
    expect(directives.get("base-uri")).toBe("'none'");
    expect(directives.get("frame-ancestors")).toBe("'none'");
    expect(directives.get("form-action")).toBe("'self'");
    expect(policy).not.toContain("unsafe-eval");
    expect(appContentSecurityPolicy("abc", { development: true })).toContain("'unsafe-eval'");
  });

  it("draws a fresh nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});
