/**
 * Detects entries that are the same write-up (translations, mirrors, re-posts) from what translation leaves
 * alone: commands, code, numbers, URLs, paths, flags, error strings — never from the prose language.
 */
import { normalizeForMatch } from "./troubleshooting";

/**
 * Two entries are one write-up when they share at least MIN_SHARED features and those cover at least
 * MIN_SHARE of the smaller feature set; versions are grouped transitively (a partial translation joins through a
 * fuller one). Measured on the seeded KB (fingerprint.test.ts prints the table): the Docker Registry / CentOS 7
 * versions share 6–8 (en vs ja, 36–38 %) and 3 (zh partial vs ja, 38 %) features (from the seeded blocks and from
 * the captured text), so the zh version joins the en one through ja (directly they share 1); unrelated pairs share
 * ≤ 2 (≤ 6 %). A short note quoting commands of a write-up shares ≤ 1 feature with it.
 */
export const MIN_SHARED = 3;
export const MIN_SHARE = 0.3;

/** Technical tokens: ASCII runs that carry a digit or a separator (5000:5000, net.ipv4.ip_forward, --add-port=5000/tcp). */
const TOKEN = /(?:--?)?[A-Za-z0-9_][A-Za-z0-9_.\-/:=@%+]*[A-Za-z0-9_/]/g;
const URL = /\bhttps?:\/\/[^\s"'<>()，。）]+/g;

export type FingerprintInput = { codeBlocks: string[]; text: string; commands: string[]; errors: string[] };

export function fingerprint(input: FingerprintInput): Set<string> {
  const features = new Set<string>();
  for (const c of input.commands) features.add(`cmd:${normalizeForMatch(c)}`);
  for (const e of input.errors) features.add(`err:${normalizeForMatch(e)}`);
  const all = [...input.codeBlocks, input.text].join("\n");
  for (const m of all.matchAll(URL)) features.add(`url:${m[0].replace(/[.,;:]+$/, "").toLowerCase()}`);
  // `After= firewalld.service` and `After=firewalld.service` are the same setting.
  // A command and the tokens inside it are one piece of evidence: a note that quotes `firewall-cmd
  // --add-port=5000/tcp --permanent` must not share three features with every write-up that runs it.
  const quoted = [...input.commands, ...input.errors].map((c) => normalizeForMatch(c));
  for (const m of all
    .normalize("NFKC")
    .replace(/\s*=\s*/g, "=")
    .matchAll(TOKEN)) {
    const t = m[0].toLowerCase();
    if (quoted.some((q) => q.includes(t))) continue;
    // Plain words ("docker", "iptables") are shared by any two write-ups on the same topic: they prove nothing.
    // Long flags (--permanent) and tokens with a digit or separator are what a translator copies verbatim.
    if (t.length < 4 || !/^--\w|[0-9._:=/]/.test(t) || /^https?:/.test(t)) continue;
    features.add(`tok:${t}`);
  }
  return features;
}

export function sharedCount(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const f of a) if (b.has(f)) n++;
  return n;
}

export function sameWriteUp(a: Set<string>, b: Set<string>): boolean {
  const shared = sharedCount(a, b);
  const smaller = Math.min(a.size, b.size);
  return smaller > 0 && shared >= MIN_SHARED && shared / smaller >= MIN_SHARE;
}

/**
 * Groups entries by the same-write-up relation (transitively, union-find), honouring manual decisions:
 * `apart` pairs are never joined directly, `together` pairs always are.
 */
export function groupWriteUps(
  entries: { id: string; features: Set<string> }[],
  manual: { together: [string, string][]; apart: [string, string][] } = { together: [], apart: [] },
): string[][] {
  const parent = new Map(entries.map((e) => [e.id, e.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const apart = new Set(manual.apart.map(([a, b]) => key(a, b)));
  const union = (a: string, b: string) => {
    if (parent.has(a) && parent.has(b)) parent.set(find(a), find(b));
  };
  for (const [a, b] of manual.together) union(a, b);
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]!;
      const b = entries[j]!;
      if (!apart.has(key(a.id, b.id)) && sameWriteUp(a.features, b.features)) union(a.id, b.id);
    }
  }
  const groups = new Map<string, string[]>();
  for (const e of entries) {
    const r = find(e.id);
    groups.set(r, [...(groups.get(r) ?? []), e.id]);
  }
  return [...groups.values()];
}
