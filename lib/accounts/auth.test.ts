import { describe, expect, it } from "vitest";
import { FailureThrottle } from "./throttle";
import { hashPassword, verifyPassword } from "./password";
import { hashSecret, newSecret } from "./secrets";
import { hasRole } from "./roles";

describe("passwords", () => {
  it("hash with scrypt and a random salt, and verify only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery staple", a)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", a)).toBe(false);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});

describe("secrets", () => {
  it("are random and stored only as their SHA-256", () => {
    const one = newSecret("kura_");
    expect(one.secret).toMatch(/^kura_[\w-]{43}$/);
    expect(one.hash).toBe(hashSecret(one.secret));
    expect(newSecret().secret).not.toBe(one.secret);
  });
});

describe("roles", () => {
  it("rank viewer < editor < admin", () => {
    expect(hasRole("admin", "editor")).toBe(true);
    expect(hasRole("editor", "editor")).toBe(true);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("nobody", "viewer")).toBe(false);
  });
});

describe("FailureThrottle", () => {
  it("blocks after the limit within the window, and forgives after it", () => {
    const throttle = new FailureThrottle(3, 1000);
    for (let i = 0; i < 3; i++) throttle.recordFailure("ip|a@b", 10_000 + i);
    expect(throttle.retryAfterMs("ip|a@b", 10_100)).toBe(900);
    expect(throttle.retryAfterMs("other", 10_100)).toBe(0);
    expect(throttle.retryAfterMs("ip|a@b", 11_001)).toBe(0);
  });
});
