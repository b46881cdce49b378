import { describe, expect, it } from "vitest";
import { cookieWriteRefusal } from "./cookie-write";

const request = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
const host = { host: "kura.example:3000" };

describe("cookieWriteRefusal", () => {
  it("lets reads through whatever their headers", () => {
    expect(cookieWriteRefusal(request("GET", {}))).toBeNull();
    expect(cookieWriteRefusal(request("HEAD", { origin: "https://evil.example" }))).toBeNull();
  });

  it("refuses a cross-site form post (text/plain or urlencoded), even one naming this origin", () => {
    expect(cookieWriteRefusal(request("POST", { ...host, "content-type": "text/plain", origin: "https://evil.example" }))).toMatch(/application\/json/);
    expect(cookieWriteRefusal(request("POST", { ...host, "content-type": "application/x-www-form-urlencoded", origin: "http://kura.example:3000" }))).toMatch(
      /application\/json/,
    );
    expect(cookieWriteRefusal(request("POST", host))).toMatch(/application\/json/);
  });

  it("refuses JSON from another origin, an opaque origin, or with neither Origin nor Sec-Fetch-Site", () => {
    const json = { ...host, "content-type": "application/json" };
    expect(cookieWriteRefusal(request("POST", { ...json, origin: "https://evil.example" }))).toMatch(/Origin/);
    expect(cookieWriteRefusal(request("POST", { ...json, origin: "http://kura.example:3001" }))).toMatch(/Origin/);
    expect(cookieWriteRefusal(request("DELETE", { ...json, origin: "null" }))).toMatch(/Origin/);
    expect(cookieWriteRefusal(request("POST", json))).toMatch(/this site/);
    expect(cookieWriteRefusal(request("POST", { ...json, "sec-fetch-site": "same-site" }))).toMatch(/this site/);
  });

  it("accepts the app's own JSON calls", () => {
    const json = { ...host, "content-type": "application/json; charset=utf-8" };
    expect(cookieWriteRefusal(request("POST", { ...json, origin: "http://kura.example:3000" }))).toBeNull();
    expect(cookieWriteRefusal(request("POST", { ...json, "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(
      cookieWriteRefusal(request("POST", { ...json, host: "127.0.0.1:3000", "x-forwarded-host": "kura.example:3000", origin: "http://kura.example:3000" })),
    ).toBeNull();
  });
});
