import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { catalogues, LOCALES } from "./catalogues";
import { failureText, type FailureKind } from "./failure-text";

describe("failureText", () => {
  it.each<[string, FailureKind]>([
    ["Cancelled", "cancelled"],
    ["The capture was cancelled or taken over by another worker.", "cancelled"],
    ["DNS failure: could not resolve host no-such-host.invalid", "dnsNotFound"],
    ["Capture failed: page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.invalid/", "dnsNotFound"],
    ["connection refused by 127.0.0.1", "refused"],
    ["The capture took longer than its 60 s budget.", "timeout"],
    ["The page took too long to load.", "timeout"],
    ["timed out after 15 s", "timeout"],
    ["TLS error: certificate has expired", "tlsCertificate"],
    ["TLS error: self-signed certificate", "tlsCertificate"],
    ["TLS error: write EPROTO 40E8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number", "notHttps"],
    ["The file is larger than the 50 MiB limit for one capture, so it was not kept.", "tooLarge"],
    ["blocked: 10.0.0.1 is a private address", "blocked"],
    ["The browser stopped during the capture.", "crashed"],
    ["The capture failed unexpectedly.", "crashed"],
    ["The page crashed the browser tab drawing it (nested too deeply or too large to render), so it was not kept.", "pageCrashed"],
    ["The page redirects in a loop (too many redirects).", "redirectLoop"],
    ["The address serves a file to download, not a page (unsupported content).", "download"],
    ["The connection was reset by the server.", "reset"],
    ["The capture was interrupted too many times.", "interrupted"],
    ["Capture failed: something nobody expected", "unknown"],
  ])("%s → %s", (stored, kind) => {
    const text = failureText(stored, "https://example.com/page");
    expect(text.kind).toBe(kind);
    expect(text.detail).toBe(stored);
  });

  it("splits HTTP answers into client and server errors and keeps the status label", () => {
    expect(failureText("The server answered HTTP 404 Not Found.")).toMatchObject({ kind: "clientError", values: { status: "404 Not Found" } });
    expect(failureText("The server answered HTTP 503 Service Unavailable.")).toMatchObject({
      kind: "serverError",
      values: { status: "503 Service Unavailable" },
    });
  });

  it("classifies the reason of a job that will retry; the attempt is not read from the text (the Job row has it)", () => {
    const text = failureText("The server answered HTTP 503 Service Unavailable. Retrying (attempt 2 of 3).");
    expect(text).toEqual({
      kind: "serverError",
      values: { status: "503 Service Unavailable" },
      detail: "The server answered HTTP 503 Service Unavailable. Retrying (attempt 2 of 3).",
    });
  });

  it("names the http:// address for a server that does not speak HTTPS", () => {
    const text = failureText("TLS error: wrong version number", "https://127.0.0.1:8080/docs?x=1");
    expect(text.values.host).toBe("127.0.0.1:8080/docs?x=1");
  });

  it.each(LOCALES)("every kind has a sentence and a hint in %s that format with its values", (locale) => {
    const failure = catalogues[locale].failure as unknown as Record<string, { sentence: string; hint: string }>;
    const kinds: FailureKind[] = [
      "cancelled",
      "notHttps",
      "tlsCertificate",
      "dnsNotFound",
      "refused",
      "timeout",
      "clientError",
      "serverError",
      "tooLarge",
      "blocked",
      "crashed",
      "pageCrashed",
      "redirectLoop",
      "download",
      "reset",
      "interrupted",
      "unknown",
    ];
    for (const kind of kinds) {
      const entry = failure[kind];
      expect(entry, `${locale} ${kind}`).toBeDefined();
      const values = { status: "404 Not Found", host: "example.com/page" };
      const sentence = new IntlMessageFormat(entry!.sentence, locale).format(values) as string;
      const hint = new IntlMessageFormat(entry!.hint, locale).format(values) as string;
      expect(sentence.length, `${locale} ${kind}`).toBeGreaterThan(0);
      expect(hint.length, `${locale} ${kind}`).toBeGreaterThan(0);
      if (kind === "notHttps") expect(hint).toContain("http://example.com/page");
      if (kind === "clientError") expect(sentence).toContain("404");
    }
  });
});
