import dns from "node:dns";
import net from "node:net";
import os from "node:os";

// Server-side request forgery guard: decides whether a URL, host name or IP address may be
// fetched on behalf of a user. Everything here is pure except the (injectable) DNS lookup, so the
// rules can be tested exhaustively without touching the network.

export type Cidr = { family: 4 | 6; network: string; prefix: number };
/**
 * `hosts` and `cidrs` are allowed on any port that is not restricted; `scoped` entries ("host:port") only on their port,
 * which they also lift from the restricted list. `ownPort` is the port Kura itself listens on (refused on local addresses).
 */
export type Allowlist = {
  hosts: Set<string>;
  cidrs: Cidr[];
  scoped?: ScopedEntry[];
  ownPort?: number;
};
export type ScopedEntry = { port: number } & ({ host: string } | { cidr: Cidr });
export type ResolvedAddress = { address: string; family: 4 | 6 };
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

/** A refusal by policy. The message is shown to users as the reason an entry failed. */
export class BlockedRequestError extends Error {
  readonly code = "ERR_BLOCKED_REQUEST";
  constructor(readonly reason: string) {
    super(`blocked: ${reason}`);
    this.name = "BlockedRequestError";
  }
}

// ---------------------------------------------------------------------------------------------
// IP ranges

type Range = readonly [cidr: string, name: string];

// First match wins, so more specific ranges come before the ones containing them.
const IPV4_RANGES: readonly Range[] = [
  ["0.0.0.0/32", "unspecified"], // connects to the local host on Linux
  ["0.0.0.0/8", "this-network"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"], // also hosts Alibaba Cloud's metadata service
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"], // AWS, GCP, Azure metadata live at 169.254.169.254
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignment"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
];

// Forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are handled before this
// table, because whether they are reachable depends on the embedded address.
const IPV6_RANGES: readonly Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "local-use NAT64"],
  ["100::/64", "discard"],
  ["2001::/32", "Teredo"], // tunnels to an IPv4 address we cannot see; refuse outright
  ["2001::/23", "IETF protocol assignment"],
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["fc00::/7", "unique-local"], // includes AWS's IPv6 metadata address fd00:ec2::254
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
];
// IANA hands out global unicast only from 2000::/3; anything else is not on the public internet.
const IPV6_GLOBAL_UNICAST = "2000::/3";

function toCidr(spec: string): Cidr {
  const [address = "", prefixText, ...rest] = spec.split("/");
  const family = net.isIP(address);
  if (family !== 4 && family !== 6) throw new Error(`not an IP address: ${spec}`);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (rest.length > 0 || !(prefix >= 0 && prefix <= max)) throw new Error(`bad prefix length in ${spec}`);
  return { family, network: address, prefix };
}

// One BlockList per CIDR: BlockList answers "is it in there" but not "which rule matched", and
// it also matches IPv4 rules against IPv4-mapped IPv6 addresses, which we handle explicitly.
function compile(ranges: readonly Range[]) {
  return ranges.map(([spec, name]) => ({ name, list: blockListOf([toCidr(spec)]) }));
}

function blockListOf(cidrs: readonly Cidr[]): net.BlockList {
  const list = new net.BlockList();
  for (const c of cidrs) list.addSubnet(c.network, c.prefix, c.family === 4 ? "ipv4" : "ipv6");
  return list;
}

const V4 = compile(IPV4_RANGES);
const V6 = compile(IPV6_RANGES);
const GLOBAL_UNICAST = blockListOf([toCidr(IPV6_GLOBAL_UNICAST)]);

function classifyV4(ip: string): string | null {
  return V4.find((r) => r.list.check(ip, "ipv4"))?.name ?? null;
}

/**
 * The eight 16-bit groups of a valid IPv6 address. The WHATWG URL serializer gives the canonical
 * spelling (lower case, one "::", no dotted-quad tail), which leaves only "::" to expand by hand.
 */
function ipv6Groups(ip: string): number[] {
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const [head = "", tail] = canonical.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail ?? "");
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function v4From(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function classifyV6(ip: string): string | null {
  const g = ipv6Groups(ip);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embedded = v4From(g[6] ?? 0, g[7] ?? 0);

  if (zeroUpTo(5) && g[5] === 0xffff) {
    // ::ffff:a.b.c.d reaches a.b.c.d on a dual-stack socket.
    const name = classifyV4(embedded);
    return name && `IPv4-mapped ${name}`;
  }
  if (zeroUpTo(6) && ((g[6] ?? 0) !== 0 || (g[7] ?? 0) > 1)) {
    // Deprecated ::a.b.c.d (:: and ::1 aside, which are in the table below). Nothing legitimate
    // uses it, so it is refused even when the embedded address is public.
    const name = classifyV4(embedded);
    return name ? `IPv4-compatible ${name}` : "IPv4-compatible (deprecated)";
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    // The well-known NAT64 prefix is translated to the embedded IPv4 address by the network.
    const name = classifyV4(embedded);
    return name && `NAT64 ${name}`;
  }
  if (g[0] === 0x2002) {
    // 6to4 tunnels to the IPv4 address in bits 16..47.
    const name = classifyV4(v4From(g[1] ?? 0, g[2] ?? 0));
    return name && `6to4 ${name}`;
  }
  const named = V6.find((r) => r.list.check(ip, "ipv6"))?.name;
  if (named) return named;
  return GLOBAL_UNICAST.check(ip, "ipv6") ? null : "reserved";
}

/** Removes URL brackets and an IPv6 zone ("fe80::1%eth0"): the zone does not change the range. */
function bareIp(ip: string): string {
  const unbracketed = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const zone = unbracketed.indexOf("%");
  return zone >= 0 && unbracketed.includes(":") ? unbracketed.slice(0, zone) : unbracketed;
}

/**
 * The name of the non-public range an IP literal belongs to, or null for a public unicast address.
 * Anything that is not a valid IP address is reported as "invalid" (blocked), never as public.
 */
export function blockedRange(ip: string): string | null {
  const bare = bareIp(ip.trim());
  switch (net.isIP(bare)) {
    case 4:
      return classifyV4(bare);
    case 6:
      return classifyV6(bare);
    default:
      return "invalid";
  }
}

// ---------------------------------------------------------------------------------------------
// Ports and addresses no allowlist opens

// Chromium's restricted ports (net/base/port_util.cc, kRestrictedPorts): the browser refuses them because a page could
// speak another protocol (SMTP, IRC, X11...) to them. Node performs every capture fetch, so the guard refuses them instead.
export const RESTRICTED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

// Link-local and cloud metadata addresses are never an intranet page: no allowlist entry (not even a CIDR or a name
// that resolves there) makes them reachable.
const NEVER_ALLOWED_V4 = blockListOf([toCidr("169.254.0.0/16")]);
const NEVER_ALLOWED_V6 = blockListOf([toCidr("fe80::/10"), toCidr("fd00:ec2::254")]);

/** The port a URL connects to. */
export function urlPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

function neverAllowed(ip: string): string | null {
  const bare = bareIp(ip);
  const family = net.isIP(bare);
  if (family === 4) return NEVER_ALLOWED_V4.check(bare, "ipv4") ? "link-local or metadata" : null;
  if (family !== 6) return null;
  // BlockList matches IPv4 rules against IPv4-mapped addresses too (::ffff:169.254.169.254).
  if (NEVER_ALLOWED_V6.check(bare, "ipv6") || NEVER_ALLOWED_V4.check(bare, "ipv6")) return "link-local or metadata";
  return null;
}

/** Whether an address reaches this machine: loopback, unspecified (0.0.0.0, ::) or one of its own interfaces. */
function isOwnMachine(ip: string): boolean {
  const bare = bareIp(ip);
  const range = blockedRange(bare);
  if (range && /loopback|unspecified|this-network/.test(range)) return true;
  const mapped = bare.toLowerCase().replace(/^::ffff:/, "");
  return Object.values(os.networkInterfaces())
    .flat()
    .some((i) => i && (i.address === bare || i.address === mapped));
}

/** Refusals that hold whatever the allowlist says: metadata/link-local addresses and Kura's own port on this machine. */
function absoluteRefusal(ip: string, port: number | undefined, allow: Allowlist, via?: string): BlockedRequestError | null {
  const bare = bareIp(ip);
  const shown = via ? `${via} → ${bare}` : bare;
  const never = neverAllowed(bare);
  if (never) return new BlockedRequestError(`${never} address (${shown})`);
  if (port !== undefined && allow.ownPort === port && isOwnMachine(bare)) {
    return new BlockedRequestError(`Kura's own port on this machine (${shown}:${port})`);
  }
  return null;
}

function portRefusal(url: URL, host: Host, allow: Allowlist): BlockedRequestError | null {
  const port = urlPort(url);
  if (!RESTRICTED_PORTS.has(port)) return null;
  if (host.kind !== "invalid" && scopedMatch(host, port, allow)) return null;
  return new BlockedRequestError(`restricted port ${port} (${url.host}); allow it with an entry such as ${url.hostname}:${port}`);
}

function scopedMatch(host: Host, port: number | undefined, allow: Allowlist): boolean {
  return (allow.scoped ?? []).some((e) => {
    if (port !== undefined && e.port !== port) return false;
    if ("host" in e) return host.kind === "name" && host.name === e.host;
    if (host.kind !== "ip") return false;
    const bare = bareIp(host.ip);
    const family = net.isIP(bare);
    return family !== 0 && blockListOf([e.cidr]).check(bare, family === 4 ? "ipv4" : "ipv6");
  });
}

// ---------------------------------------------------------------------------------------------
// Host names

// Suffixes reserved for private use (RFC 6761/6762/8375, ICANN's .internal) or so widely used
// on home and corporate networks that a public site never lives under them.
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "localdomain", "home.arpa", "lan", "home", "corp"];

// Cloud metadata endpoints by name (their addresses are covered by the range rules above).
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.internal",
]);

type Host = { kind: "ip"; ip: string } | { kind: "name"; name: string } | { kind: "invalid" };

// Characters that would make a "host name" a different URL once re-parsed.
const URL_DELIMITERS = /[/?#@\\\s]/;

/**
 * Canonical form of a host as a request would see it: IP literal or lower-case ASCII name without
 * the trailing dot. Numeric IPv4 spellings ("2130706433", "0x7f.1") are turned into dotted quads
 * exactly as the WHATWG URL parser (and so the browser) does.
 */
function parseHost(input: string): Host {
  const host = input.trim();
  if (host.startsWith("[")) {
    const ip = bareIp(host);
    return host.endsWith("]") && net.isIPv6(ip) ? { kind: "ip", ip } : { kind: "invalid" };
  }
  if (net.isIP(bareIp(host))) return { kind: "ip", ip: bareIp(host) };
  if (!host || host.includes(":") || URL_DELIMITERS.test(host)) return { kind: "invalid" };
  let hostname: string;
  try {
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    return { kind: "invalid" };
  }
  if (net.isIPv4(hostname)) return { kind: "ip", ip: hostname };
  const name = hostname.replace(/\.+$/, "");
  return name ? { kind: "name", name } : { kind: "invalid" };
}

function nameProblem(name: string): string | null {
  if (METADATA_NAMES.has(name)) return "cloud metadata host name";
  if (LOCAL_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`))) return "local host name";
  // Single-label names are completed by the resolver's search list, i.e. they are local names.
  if (!name.includes(".")) return "single-label host name";
  return null;
}

/**
 * Why a host name can never be a public web site, or null if it may be. IP literals (bracketed or
 * not, in any spelling the URL parser accepts) are classified by range instead ("loopback address").
 */
export function hostnameProblem(hostname: string): string | null {
  const host = parseHost(hostname);
  if (host.kind === "invalid") return "invalid host name";
  if (host.kind === "ip") {
    const range = blockedRange(host.ip);
    return range && `${range} address`;
  }
  return nameProblem(host.name);
}

// ---------------------------------------------------------------------------------------------
// Allowlist

/**
 * Parses `KURA_ALLOWED_HOSTS`: comma-separated exact host names and IP addresses or CIDRs that are
 * exempt from the rules above (intranet pages, tests). Throws on the first invalid entry, because
 * a silently ignored typo would leave the operator puzzled about why a page is blocked.
 */
export function parseAllowlist(spec: string | undefined, options: { ownPort?: number } = {}): Allowlist {
  const allow: Allowlist = { hosts: new Set(), cidrs: [] };
  const scoped: ScopedEntry[] = [];
  if (options.ownPort !== undefined) allow.ownPort = options.ownPort;
  for (const raw of (spec ?? "").split(",")) {
    const trimmed = raw.trim();
    if (!trimmed) continue;
    // "host:port", "1.2.3.4:port" or "[v6]:port": allowed on that port only (and lifts that port's restriction).
    const withPort = /^(\[[^\]]+\]|[^:[\]/]+):(\d{1,5})$/.exec(trimmed);
    if (withPort) {
      const port = Number(withPort[2]);
      if (!(port >= 1 && port <= 65535)) throw new Error(`Invalid allowlist entry "${trimmed}": bad port`);
      const inner = parseAllowlist(withPort[1]);
      for (const host of inner.hosts) scoped.push({ host, port });
      for (const cidr of inner.cidrs) scoped.push({ cidr, port });
      continue;
    }
    const entry = trimmed;
    const bad = (why: string) => new Error(`Invalid allowlist entry "${entry}": ${why}`);
    const slash = entry.indexOf("/");
    const address = bareIp(slash < 0 ? entry : entry.slice(0, slash));
    if (slash >= 0 || net.isIP(address)) {
      try {
        allow.cidrs.push(toCidr(address + (slash < 0 ? "" : entry.slice(slash))));
      } catch (err) {
        throw bad((err as Error).message);
      }
      continue;
    }
    if (entry.includes("*")) throw bad("wildcards are not supported, list each host name");
    const host = parseHost(entry);
    if (host.kind === "ip") throw bad("write IP addresses in standard notation");
    if (host.kind === "invalid" || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host.name)) {
      throw bad("expected a host name, an IP address, a CIDR such as 10.0.0.0/8, or one of these with :port");
    }
    allow.hosts.add(host.name);
  }
  if (scoped.length > 0) allow.scoped = scoped;
  return allow;
}

// `port` undefined means "already checked against the URL" (the socket lookup does not see the port).
function nameAllowed(name: string, allow: Allowlist, port?: number): boolean {
  return allow.hosts.has(name) || scopedMatch({ kind: "name", name }, port, allow);
}

function ipAllowed(ip: string, allow: Allowlist, port?: number): boolean {
  if (scopedMatch({ kind: "ip", ip }, port, allow)) return true;
  if (allow.cidrs.length === 0) return false;
  const bare = bareIp(ip);
  const family = net.isIP(bare);
  if (family === 0) return false;
  // BlockList also matches IPv4 CIDRs against IPv4-mapped IPv6 addresses, which is what we want:
  // allowing 127.0.0.1 allows ::ffff:127.0.0.1, the same socket destination.
  return blockListOf(allow.cidrs).check(bare, family === 4 ? "ipv4" : "ipv6");
}

function ipRefusal(ip: string, allow: Allowlist, via?: string, port?: number): BlockedRequestError | null {
  const bare = bareIp(ip);
  const range = ipAllowed(ip, allow, port) ? null : blockedRange(ip);
  if (range) return new BlockedRequestError(`${range} address (${via ? `${via} → ${bare}` : bare})`);
  return absoluteRefusal(ip, port, allow, via);
}

/**
 * Checks everything that can be decided from the URL alone: scheme, host name and IP literals.
 * Host names that pass still have to go through `resolveChecked` before connecting.
 */
export function checkUrl(url: URL, allow: Allowlist): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BlockedRequestError(`scheme ${url.protocol} is not allowed`);
  }
  const host = parseHost(url.hostname);
  if (host.kind === "invalid") throw new BlockedRequestError(`invalid host name (${url.hostname})`);
  const restricted = portRefusal(url, host, allow);
  if (restricted) throw restricted;
  const port = urlPort(url);
  if (host.kind === "ip") {
    const refusal = ipRefusal(host.ip, allow, undefined, port);
    if (refusal) throw refusal;
    return;
  }
  // An allowed name skips the name rules only; its addresses are still checked by resolveChecked.
  if (nameAllowed(host.name, allow, port)) return;
  const problem = nameProblem(host.name);
  if (problem) throw new BlockedRequestError(`${problem} (${host.name})`);
}

/**
 * Checks the address a socket actually connected to for `hostname` (the host of the URL): the
 * last line of defence should a connection ever bypass `resolveChecked`.
 */
export function checkConnectedAddress(hostname: string, address: string, allow: Allowlist, port?: number): void {
  const host = parseHost(hostname);
  const via = host.kind === "name" ? host.name : undefined;
  if (host.kind === "name" && nameAllowed(host.name, allow, port)) {
    const absolute = absoluteRefusal(address, port, allow, via);
    if (absolute) throw absolute;
    return;
  }
  const refusal = ipRefusal(address, allow, via, port);
  if (refusal) throw refusal;
}

/** Errors from resolution carry `code` like Node's own DNS errors, so callers can treat them alike. */
export class DnsError extends Error {
  constructor(
    readonly hostname: string,
    readonly code: string = "ENOTFOUND",
    options?: { cause?: unknown },
  ) {
    super(`could not resolve host ${hostname}`, options);
    this.name = "DnsError";
  }
}

export const defaultLookup: LookupFn = async (hostname) => {
  const results = await dns.promises.lookup(hostname, { all: true });
  return results.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * Resolves every address of a host (A and AAAA) and refuses the host if any of them is blocked:
 * checking only the first one would let a name with one public and one private record through
 * whenever the connection happens to pick the private one. The caller must connect to one of
 * the returned addresses, never resolve again.
 */
export async function resolveChecked(hostname: string, allow: Allowlist, lookup: LookupFn = defaultLookup): Promise<ResolvedAddress[]> {
  const host = parseHost(hostname);
  if (host.kind === "invalid") throw new BlockedRequestError(`invalid host name (${hostname})`);
  if (host.kind === "ip") {
    const refusal = ipRefusal(host.ip, allow);
    if (refusal) throw refusal;
    return [{ address: host.ip, family: net.isIPv6(host.ip) ? 6 : 4 }];
  }

  const trusted = nameAllowed(host.name, allow);
  if (!trusted) {
    const problem = nameProblem(host.name);
    if (problem) throw new BlockedRequestError(`${problem} (${host.name})`);
  }

  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(host.name);
  } catch (err) {
    throw new DnsError(host.name, "ENOTFOUND", { cause: err });
  }
  if (addresses.length === 0) throw new DnsError(host.name);

  for (const { address } of addresses) {
    // An allowed name lifts the private-range refusal for its addresses, never the link-local/metadata one.
    const refusal = trusted ? absoluteRefusal(address, undefined, allow, host.name) : ipRefusal(address, allow, host.name);
    if (refusal) throw refusal;
  }
  return addresses;
}
