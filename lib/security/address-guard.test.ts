import { describe, it, expect } from "vitest";
import {
  BlockedRequestError,
  blockedRange,
  checkConnectedAddress,
  checkUrl,
  hostnameProblem,
  parseAllowlist,
  resolveChecked,
  type LookupFn,
} from "./address-guard";

const none = parseAllowlist("");

/** Runs checkUrl and returns the refusal message, or null when the URL is allowed. */
function refusal(url: string, allow = none): string | null {
  try {
    checkUrl(new URL(url), allow);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(BlockedRequestError);
    return (err as Error).message;
  }
}

const fixed =
  (...addresses: string[]): LookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("blockedRange", () => {
  // [address, expected range name]
  const hostile: Array<[string, string]> = [
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this-network"],
    ["10.0.0.5", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.100.100.200", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.8", "IETF protocol assignment"],
    ["192.0.2.1", "documentation"],
    ["192.88.99.1", "6to4 relay anycast"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.254", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback"],
    ["0:0:0:0:0:ffff:7f00:0001", "IPv4-mapped loopback"],
    ["::FFFF:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped link-local"],
    ["::ffff:0.0.0.0", "IPv4-mapped unspecified"],
    ["::127.0.0.1", "IPv4-compatible loopback"],
    ["::a00:1", "IPv4-compatible private"],
    ["::8.8.8.8", "IPv4-compatible (deprecated)"],
    ["64:ff9b::127.0.0.1", "NAT64 loopback"],
    ["64:ff9b::a9fe:a9fe", "NAT64 link-local"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["100::1", "discard"],
    ["2001::1", "Teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
    ["2001:2::1", "IETF protocol assignment"],
    ["2001:1ff::1", "IETF protocol assignment"],
    ["2001:db8::1", "documentation"],
    ["2001:DB8:85A3::8A2E:370:7334", "documentation"],
    ["3fff::1", "documentation"],
    ["2002:7f00:1::1", "6to4 loopback"],
    ["2002:c0a8:101::1", "6to4 private"],
    ["fc00::1", "unique-local"],
    ["fd00:ec2::254", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["ff05::1:3", "multicast"],
    ["1::", "reserved"],
    ["4000::1", "reserved"],
    ["::ffff:0:7f00:1", "reserved"], // IPv4-translated (SIIT) form, not a global unicast prefix
    ["[::1]", "loopback"],
  ];
  it.each(hostile)("%s is %s", (ip, name) => {
    expect(blockedRange(ip)).toBe(name);
  });

  const publicAddresses = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.255",
    "198.17.255.255",
    "223.255.255.255",
  ];
  it.each(publicAddresses)("%s is public", (ip) => {
    expect(blockedRange(ip)).toBeNull();
  });

  it("reports anything that is not an IP address as invalid rather than public", () => {
    expect(blockedRange("example.com")).toBe("invalid");
    expect(blockedRange("127.1")).toBe("invalid");
    expect(blockedRange("")).toBe("invalid");
  });
});

describe("hostnameProblem", () => {
  const names: Array<[string, string]> = [
    ["localhost", "local host name"],
    ["LOCALHOST.", "local host name"],
    ["app.localhost", "local host name"],
    ["printer.local", "local host name"],
    ["db.internal", "local host name"],
    ["box.localdomain", "local host name"],
    ["nas.home.arpa", "local host name"],
    ["router.lan", "local host name"],
    ["metadata", "cloud metadata host name"],
    ["metadata.google.internal", "cloud metadata host name"],
    ["Metadata.Google.Internal.", "cloud metadata host name"],
    ["instance-data", "cloud metadata host name"],
    ["instance-data.ec2.internal", "cloud metadata host name"],
    ["intranet", "single-label host name"],
    ["wpad", "single-label host name"],
    ["127.0.0.1", "loopback address"],
    ["[::1]", "loopback address"],
    ["[::ffff:127.0.0.1]", "IPv4-mapped loopback address"],
    ["10.0.0.5", "private address"],
    ["2130706433", "loopback address"],
    ["0x7f.1", "loopback address"],
    ["", "invalid host name"],
    ["evil.com@127.0.0.1", "invalid host name"],
    ["a/b", "invalid host name"],
  ];
  it.each(names)("%s: %s", (name, problem) => {
    expect(hostnameProblem(name)).toBe(problem);
  });

  it.each(["example.com", "www.example.org.", "xn--bcher-kva.example", "8.8.8.8", "[2606:4700:4700::1111]"])("%s is fine", (name) => {
    expect(hostnameProblem(name)).toBeNull();
  });
});

describe("checkUrl with an empty allowlist", () => {
  const blocked: Array<[string, string]> = [
    ["http://127.0.0.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://10.0.0.5:8080/admin", "blocked: private address (10.0.0.5)"],
    ["http://169.254.169.254/latest/meta-data/", "blocked: link-local address (169.254.169.254)"],
    ["http://[::1]/", "blocked: loopback address (::1)"],
    ["http://[::ffff:127.0.0.1]/", "blocked: IPv4-mapped loopback address (::ffff:7f00:1)"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "blocked: IPv4-mapped loopback address (::ffff:7f00:1)"],
    ["http://[::127.0.0.1]/", "blocked: IPv4-compatible loopback address (::7f00:1)"],
    ["http://[64:ff9b::169.254.169.254]/", "blocked: NAT64 link-local address (64:ff9b::a9fe:a9fe)"],
    ["http://[2002:a00:1::]/", "blocked: 6to4 private address (2002:a00:1::)"],
    ["http://[fd00:ec2::254]/", "blocked: unique-local address (fd00:ec2::254)"],
    ["http://[fe80::1]/", "blocked: link-local address (fe80::1)"],
    ["http://[2001::1]/", "blocked: Teredo address (2001::1)"],
    // The WHATWG parser normalizes numeric IPv4 spellings before we see them.
    ["http://2130706433/", "blocked: loopback address (127.0.0.1)"],
    ["http://0x7f.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://0x7f000001/", "blocked: loopback address (127.0.0.1)"],
    ["http://0177.0.0.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://017700000001/", "blocked: loopback address (127.0.0.1)"],
    ["http://127.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://127.0.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://0/", "blocked: unspecified address (0.0.0.0)"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "blocked: link-local address (169.254.169.254)"],
    ["http://3232235777/", "blocked: private address (192.168.1.1)"],
    ["http://127.0.0.1./", "blocked: loopback address (127.0.0.1)"],
    ["http://%31%32%37.0.0.1/", "blocked: loopback address (127.0.0.1)"],
    ["http://１２７.０.０.１/", "blocked: loopback address (127.0.0.1)"], // full-width digits
    ["http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "blocked: local host name (localhost)"], // IDNA maps these to ASCII
    ["https://localhost:3000/", "blocked: local host name (localhost)"],
    ["http://LocalHost./", "blocked: local host name (localhost)"],
    ["http://printer.local/", "blocked: local host name (printer.local)"],
    ["http://api.localhost/", "blocked: local host name (api.localhost)"],
    ["http://db.internal/", "blocked: local host name (db.internal)"],
    ["http://metadata.google.internal/computeMetadata/v1/", "blocked: cloud metadata host name (metadata.google.internal)"],
    ["http://metadata/", "blocked: cloud metadata host name (metadata)"],
    ["http://instance-data/latest/", "blocked: cloud metadata host name (instance-data)"],
    ["http://intranet/", "blocked: single-label host name (intranet)"],
    ["http://user:pass@127.0.0.1/", "blocked: loopback address (127.0.0.1)"],
    ["file:///etc/passwd", "blocked: scheme file: is not allowed"],
    ["ftp://example.com/", "blocked: scheme ftp: is not allowed"],
    ["javascript:alert(1)", "blocked: scheme javascript: is not allowed"],
    ["data:text/html,<h1>x</h1>", "blocked: scheme data: is not allowed"],
    ["gopher://127.0.0.1:25/", "blocked: scheme gopher: is not allowed"],
    ["ws://example.com/", "blocked: scheme ws: is not allowed"],
  ];
  it.each(blocked)("%s", (url, message) => {
    expect(refusal(url)).toBe(message);
  });

  it.each([
    "http://8.8.8.8/",
    "https://1.1.1.1/dns-query",
    "http://[2606:4700:4700::1111]/",
    "http://93.184.215.14/",
    "https://example.com/page?q=1",
    "https://EXAMPLE.com./",
  ])("%s is allowed (classified only, never contacted)", (url) => {
    expect(refusal(url)).toBeNull();
  });

  it("exposes the reason separately from the message", () => {
    try {
      checkUrl(new URL("http://10.0.0.5/"), none);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BlockedRequestError);
      expect((err as BlockedRequestError).reason).toBe("private address (10.0.0.5)");
      expect((err as BlockedRequestError).name).toBe("BlockedRequestError");
    }
  });
});

describe("checkUrl with an allowlist", () => {
  it("allows IP literals inside an allowlisted CIDR and nothing else", () => {
    const allow = parseAllowlist("127.0.0.0/8, 10.1.2.3");
    expect(refusal("http://127.0.0.1:3000/", allow)).toBeNull();
    expect(refusal("http://127.9.9.9/", allow)).toBeNull();
    expect(refusal("http://2130706433/", allow)).toBeNull();
    expect(refusal("http://[::ffff:127.0.0.1]/", allow)).toBeNull(); // same socket destination
    expect(refusal("http://10.1.2.3/", allow)).toBeNull();
    expect(refusal("http://10.1.2.4/", allow)).toBe("blocked: private address (10.1.2.4)");
    expect(refusal("http://[::1]/", allow)).toBe("blocked: loopback address (::1)");
    // An address allowlist does not make local names acceptable.
    expect(refusal("http://localhost/", allow)).toBe("blocked: local host name (localhost)");
  });

  it("allows exact host names, case-insensitively, and still refuses other schemes", () => {
    const allow = parseAllowlist("localhost,Intranet.Example,::1");
    expect(refusal("http://localhost:3000/", allow)).toBeNull();
    expect(refusal("http://LOCALHOST./", allow)).toBeNull();
    expect(refusal("https://intranet.example/wiki", allow)).toBeNull();
    expect(refusal("http://[::1]/", allow)).toBeNull();
    expect(refusal("http://sub.intranet.example.local/", allow)).toBe("blocked: local host name (sub.intranet.example.local)");
    expect(refusal("http://app.localhost/", allow)).toBe("blocked: local host name (app.localhost)");
    expect(refusal("file://localhost/etc/passwd", allow)).toBe("blocked: scheme file: is not allowed");
  });
});

describe("parseAllowlist", () => {
  it("parses names, single IPs and CIDRs", () => {
    const allow = parseAllowlist(" intranet.example, LOCALHOST ,127.0.0.0/8,::1, 10.1.2.3, fd00::/8, [::2],,");
    expect([...allow.hosts].sort()).toEqual(["intranet.example", "localhost"]);
    expect(allow.cidrs).toEqual([
      { family: 4, network: "127.0.0.0", prefix: 8 },
      { family: 6, network: "::1", prefix: 128 },
      { family: 4, network: "10.1.2.3", prefix: 32 },
      { family: 6, network: "fd00::", prefix: 8 },
      { family: 6, network: "::2", prefix: 128 },
    ]);
  });

  it("treats undefined and empty specs as an empty allowlist", () => {
    expect(parseAllowlist(undefined)).toEqual({ hosts: new Set(), cidrs: [] });
    expect(parseAllowlist(" , ")).toEqual({ hosts: new Set(), cidrs: [] });
  });

  const invalid = [
    "10.0.0.0/33",
    "::1/129",
    "10.0.0.0/",
    "10.0.0.0/8/9",
    "10.0.0.0/x",
    "300.1.1.1/8",
    "*.example.com",
    "host:0",
    "host:99999",
    "a b",
    "127.1",
    "http://x.example",
  ];
  it.each(invalid)("rejects %s, naming the entry", (entry) => {
    expect(() => parseAllowlist(`localhost, ${entry}`)).toThrow(`Invalid allowlist entry "${entry}"`);
  });
});

describe("resolveChecked", () => {
  it("returns every address of a public name", async () => {
    const lookup = fixed("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    await expect(resolveChecked("example.com", none, lookup)).resolves.toEqual([
      { address: "93.184.215.14", family: 4 },
      { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
    ]);
  });

  it("refuses a name that resolves to a private address", async () => {
    await expect(resolveChecked("rebind.test", none, fixed("10.0.0.5"))).rejects.toThrow("blocked: private address (rebind.test → 10.0.0.5)");
  });

  it("refuses a name if any one of its addresses is blocked", async () => {
    await expect(resolveChecked("mixed.test", none, fixed("93.184.215.14", "127.0.0.1"))).rejects.toThrow("blocked: loopback address (mixed.test → 127.0.0.1)");
    const v6 = fixed("2606:4700:4700::1111", "::ffff:169.254.169.254");
    await expect(resolveChecked("mixed.test", none, v6)).rejects.toThrow(BlockedRequestError);
  });

  it("refuses blocked names without resolving them", async () => {
    let calls = 0;
    const lookup: LookupFn = async () => {
      calls++;
      return [{ address: "93.184.215.14", family: 4 }];
    };
    await expect(resolveChecked("metadata.google.internal", none, lookup)).rejects.toThrow("cloud metadata host name");
    await expect(resolveChecked("localhost", none, lookup)).rejects.toThrow("local host name");
    expect(calls).toBe(0);
  });

  it("checks IP literals without resolving them", async () => {
    await expect(resolveChecked("[::1]", none, fixed())).rejects.toThrow("blocked: loopback address (::1)");
    await expect(resolveChecked("8.8.8.8", none, fixed())).resolves.toEqual([{ address: "8.8.8.8", family: 4 }]);
  });

  it("accepts private addresses for allowlisted names and within allowlisted CIDRs", async () => {
    const both = fixed("127.0.0.1", "10.0.0.5");
    await expect(resolveChecked("Rebind.Test", parseAllowlist("rebind.test"), both)).resolves.toHaveLength(2);
    await expect(resolveChecked("rebind.test", parseAllowlist("127.0.0.0/8"), fixed("127.0.0.1"))).resolves.toEqual([{ address: "127.0.0.1", family: 4 }]);
    // The CIDR covers one address but not the other.
    await expect(resolveChecked("rebind.test", parseAllowlist("127.0.0.0/8"), both)).rejects.toThrow("private address");
  });

  it("turns DNS failures into ENOTFOUND errors with a readable message", async () => {
    const failing: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo EAI_AGAIN example.invalid"), { code: "EAI_AGAIN" });
    };
    const err = await resolveChecked("example.invalid", none, failing).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ENOTFOUND", message: "could not resolve host example.invalid" });
    await expect(resolveChecked("empty.test", none, fixed())).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("uses the system resolver by default", async () => {
    // .invalid never resolves (RFC 6761), so this needs no network.
    await expect(resolveChecked("example.invalid", none)).rejects.toMatchObject({
      code: "ENOTFOUND",
      message: "could not resolve host example.invalid",
    });
  });
});

describe("checkConnectedAddress", () => {
  it("refuses a blocked peer unless the name or address is allowlisted", () => {
    expect(() => checkConnectedAddress("example.com", "10.0.0.5", none)).toThrow("blocked: private address (example.com → 10.0.0.5)");
    expect(() => checkConnectedAddress("example.com", "93.184.215.14", none)).not.toThrow();
    expect(() => checkConnectedAddress("example.com", "10.0.0.5", parseAllowlist("example.com"))).not.toThrow();
    expect(() => checkConnectedAddress("[::1]", "::1", parseAllowlist("::1"))).not.toThrow();
  });
});

describe("restricted ports (Chromium's list, since Node performs the fetches)", () => {
  const loopback = parseAllowlist("127.0.0.1, intranet.example");
  it("refuses them for public hosts, allowlisted hosts and IP literals alike", () => {
    expect(refusal("http://example.com:6667/")).toBe("blocked: restricted port 6667 (example.com:6667); allow it with an entry such as example.com:6667");
    expect(refusal("https://example.com:25/")).toMatch(/^blocked: restricted port 25 /);
    expect(refusal("http://127.0.0.1:6000/", loopback)).toMatch(/^blocked: restricted port 6000 /);
    expect(refusal("http://intranet.example:10080/", loopback)).toMatch(/^blocked: restricted port 10080 /);
    for (const port of [1, 22, 53, 6566, 6665, 6669, 6697]) {
      expect(refusal(`http://example.com:${port}/`)).toMatch(/restricted port/);
    }
    // The scheme's default port and ordinary high ports stay open.
    expect(refusal("http://example.com/")).toBeNull();
    expect(refusal("http://example.com:8080/")).toBeNull();
    expect(refusal("http://127.0.0.1:6670/", loopback)).toBeNull();
  });

  it("opens a restricted port only for an explicit host:port entry", () => {
    const allow = parseAllowlist("irc.example:6667, 127.0.0.1:6000, [::1]:25");
    expect(refusal("http://irc.example:6667/", allow)).toBeNull();
    expect(refusal("http://irc.example:6666/", allow)).toMatch(/^blocked: restricted port 6666 /);
    expect(refusal("http://127.0.0.1:6000/", allow)).toBeNull();
    expect(refusal("http://[::1]:25/", allow)).toBeNull();
    expect(refusal("http://other.example:6667/", allow)).toMatch(/^blocked: restricted port 6667 /);
  });
});

describe("what no allowlist entry opens", () => {
  it("scopes host:port entries to their port", () => {
    const allow = parseAllowlist("intranet.example:8443, 10.0.0.5:8080");
    expect(refusal("http://10.0.0.5:8080/", allow)).toBeNull();
    expect(refusal("http://10.0.0.5:8081/", allow)).toBe("blocked: private address (10.0.0.5)");
    expect(refusal("https://intranet.example:8443/", allow)).toBeNull();
    expect(refusal("https://intranet.example.lan/", allow)).toBe("blocked: local host name (intranet.example.lan)");
  });

  it("refuses link-local and metadata addresses even when their range is allowlisted", () => {
    const allow = parseAllowlist("169.254.0.0/16, fe80::/10, fd00::/8, 0.0.0.0/0");
    expect(refusal("http://169.254.169.254/latest/meta-data/", allow)).toBe("blocked: link-local or metadata address (169.254.169.254)");
    expect(refusal("http://169.254.1.1/", allow)).toBe("blocked: link-local or metadata address (169.254.1.1)");
    expect(refusal("http://[fe80::1]/", allow)).toBe("blocked: link-local or metadata address (fe80::1)");
    expect(refusal("http://[fd00:ec2::254]/", allow)).toBe("blocked: link-local or metadata address (fd00:ec2::254)");
    expect(refusal("http://[::ffff:169.254.169.254]/", allow)).toBe("blocked: link-local or metadata address (::ffff:a9fe:a9fe)");
    expect(refusal("http://[fd00::5]/", allow)).toBeNull(); // the rest of the allowlisted unique-local range
  });

  it("refuses Kura's own port on every local address, allowlisted or not", () => {
    const allow = parseAllowlist("127.0.0.0/8, ::1, 0.0.0.0", { ownPort: 3000 });
    for (const url of ["http://127.0.0.1:3000/", "http://127.5.5.5:3000/", "http://[::1]:3000/", "http://0.0.0.0:3000/"]) {
      expect(refusal(url, allow)).toMatch(/^blocked: Kura's own port on this machine/);
    }
    expect(refusal("http://127.0.0.1:3001/", allow)).toBeNull(); // a local page server on another port
    const viaName = parseAllowlist("kura.example", { ownPort: 3000 });
    expect(() => checkConnectedAddress("kura.example", "127.0.0.1", viaName, 3000)).toThrow(
      "blocked: Kura's own port on this machine (kura.example → 127.0.0.1:3000)",
    );
    expect(() => checkConnectedAddress("kura.example", "127.0.0.1", viaName, 3001)).not.toThrow();
  });

  it("still resolves allowlisted names and refuses metadata/link-local addresses behind them", async () => {
    const allow = parseAllowlist("intranet.example");
    await expect(resolveChecked("intranet.example", allow, fixed("10.1.2.3"))).resolves.toEqual([{ address: "10.1.2.3", family: 4 }]);
    await expect(resolveChecked("intranet.example", allow, fixed("10.1.2.3", "169.254.169.254"))).rejects.toThrow(
      "blocked: link-local or metadata address (intranet.example → 169.254.169.254)",
    );
    await expect(resolveChecked("intranet.example", allow, fixed("fe80::1"))).rejects.toThrow(
      "blocked: link-local or metadata address (intranet.example → fe80::1)",
    );
    expect(() => checkConnectedAddress("intranet.example", "169.254.169.254", allow, 80)).toThrow("blocked: link-local or metadata address");
  });
});
