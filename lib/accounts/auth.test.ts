import { describe, expect, it } from "vitest";
import { beginSignIn, LoginThrottle } from "./throttle";
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

describe("LoginThrottle", () => {
  const rules = { freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 4_000, forgetAfterMs: 60_000 };
  const fail = (throttle: LoginThrottle, key: string, at: number) => {
    const attempt = throttle.begin(key, at);
    if (!attempt.allowed) throw new Error(`refused at ${at}`);
    attempt.finish(false, at);
  };

  it("lets the free failures through, then doubles the wait up to the cap: a delay, never a lock-out", () => {
    const throttle = new LoginThrottle(rules);
    fail(throttle, "a", 0);
    fail(throttle, "a", 10);
    expect(throttle.waitMs("a", 10)).toBe(1_000);
    fail(throttle, "a", 1_010);
    expect(throttle.waitMs("a", 1_010)).toBe(2_000);
    fail(throttle, "a", 3_010);
    fail(throttle, "a", 7_010);
    expect(throttle.waitMs("a", 7_010)).toBe(4_000); // capped
    expect(throttle.waitMs("b", 7_010)).toBe(0);
    // The owner still gets in once the wait is over, and a success forgets the failures.
    const owner = throttle.begin("a", 11_010);
    expect(owner.allowed).toBe(true);
    if (owner.allowed) owner.finish(true);
    expect(throttle.waitMs("a", 11_010)).toBe(0);
    // A day (here a minute) without failures forgets them too.
    fail(throttle, "c", 0);
    fail(throttle, "c", 1);
    expect(throttle.waitMs("c", 60_001)).toBe(0);
  });

  it("checks one attempt per key at a time: concurrent guesses are refused before any password is checked", () => {
    const throttle = new LoginThrottle(rules);
    const first = throttle.begin("a");
    expect(first.allowed).toBe(true);
    const second = throttle.begin("a");
    expect(second).toEqual({ allowed: false, retryAfterMs: 1_000 });
    if (first.allowed) first.abandon();
    expect(throttle.begin("a").allowed).toBe(true);
  });

  it("counts the address only when it is known, and an address refusal counts nothing against the account", () => {
    const account = new LoginThrottle(rules);
    const address = new LoginThrottle({ ...rules, freeFailures: 1 });
    const throttles = { account, address };
    const one = beginSignIn("Owner@Example.org", "203.0.113.9", throttles);
    if (!one.allowed) throw new Error("refused");
    one.finish(false);
    // The address is now held back; another account from it is refused, and that account has no failure.
    expect(beginSignIn("other@example.org", "203.0.113.9", throttles).allowed).toBe(false);
    expect(account.waitMs("account:other@example.org")).toBe(0);
    // Without a trusted address only the account counts (emails compared without case).
    const two = beginSignIn("owner@example.org", null, throttles);
    expect(two.allowed).toBe(true);
  });
});
