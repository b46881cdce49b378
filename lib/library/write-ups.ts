import { Prisma } from "@/lib/generated/prisma/client";
import { db, onPostgres } from "@/lib/db/client";
import { searchIndex } from "@/lib/search";
import { MAX_JOIN } from "@/lib/validation/organise";
import { shownTitle } from "./shown-text";

// Entries that are the same write-up — translations, mirrors, re-posts — found by the search index's fingerprint
// (shared commands, error messages, URLs, technical tokens; never the prose language) and corrected by hand:
// a person can keep two entries apart or join two the fingerprint missed (WriteUpDecision rows).

/** Another version of an entry's write-up, as a card or the entry page names it. */
export type Sibling = { id: number; title: string; language: string | null; manual: boolean };

/** The most versions one write-up may list (a mirror farm must not turn a card into a wall of links). */
const MAX_SIBLINGS = 8;

const pairOf = (a: number, b: number) => (a < b ? { firstId: a, secondId: b } : { firstId: b, secondId: a });
const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * For each entry, the other versions of its write-up, best match first. Versions are joined transitively (two
 * hops: a partial translation sharing little with the original joins through a fuller translation), manual joins
 * included; a pair a person kept apart is never listed for each other, whatever joins them.
 */
export async function siblingsOf(linkIds: number[]): Promise<Map<number, Sibling[]>> {
  const ids = [...new Set(linkIds)];
  const out = new Map<number, Sibling[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const index = searchIndex();
  const direct = await index.relatives(ids);
  const nextHop = [...new Set([...direct.values()].flat().map((r) => r.linkId))].filter((id) => !direct.has(id));
  for (const [id, list] of await index.relatives(nextHop)) direct.set(id, list);
  const around = [...new Set([...direct.keys(), ...[...direct.values()].flat().map((r) => r.linkId)])];
  // One plain statement: this runs for every library page, where an ORM query costs more than the rest together.
  const decisions = await db().$queryRaw<Array<{ firstId: number; secondId: number; together: boolean }>>(
    onPostgres()
      ? Prisma.sql`SELECT "firstId", "secondId", together FROM "WriteUpDecision" WHERE "firstId" = ANY(${around}::int[]) OR "secondId" = ANY(${around}::int[])`
      : Prisma.sql`
    SELECT firstId, secondId, together FROM "WriteUpDecision"
    WHERE firstId IN (SELECT value FROM json_each(${JSON.stringify(around)})) OR secondId IN (SELECT value FROM json_each(${JSON.stringify(around)}))`,
  );
  const decided = new Map(decisions.map((d) => [pairKey(d.firstId, d.secondId), d.together]));

  // Union-find over the neighbourhood: fingerprint relations a person did not refuse, and manual joins.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: number, b: number) => parent.set(find(a), find(b));
  const strength = new Map<string, number>();
  for (const [id, list] of direct) {
    for (const r of list) {
      if (decided.get(pairKey(id, r.linkId)) === false) continue;
      union(id, r.linkId);
      strength.set(pairKey(id, r.linkId), r.shared);
    }
  }
  for (const d of decisions) if (d.together) union(d.firstId, d.secondId);
  const members = new Map<number, number[]>();
  for (const x of new Set([...around, ...decisions.flatMap((d) => [d.firstId, d.secondId])])) {
    const root = find(x);
    members.set(root, [...(members.get(root) ?? []), x]);
  }

  const wanted = new Map<number, Array<{ id: number; manual: boolean }>>();
  for (const id of ids) {
    const group = (members.get(find(id)) ?? []).filter((other) => other !== id && decided.get(pairKey(id, other)) !== false);
    // Directly related versions first (most shared), then those joined through another version.
    group.sort((a, b) => (strength.get(pairKey(id, b)) ?? 0) - (strength.get(pairKey(id, a)) ?? 0) || a - b);
    wanted.set(
      id,
      group.slice(0, MAX_SIBLINGS).map((other) => ({ id: other, manual: decided.get(pairKey(id, other)) === true })),
    );
  }
  const siblingIds = [...new Set([...wanted.values()].flat().map((s) => s.id))];
  const rows =
    siblingIds.length === 0
      ? []
      : await db().link.findMany({ where: { id: { in: siblingIds } }, select: { id: true, url: true, title: true, customTitle: true, language: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, list] of wanted) {
    out.set(
      id,
      list.flatMap((s) => {
        const row = byId.get(s.id);
        return row ? [{ id: row.id, title: shownTitle(row), language: row.language, manual: s.manual }] : [];
      }),
    );
  }
  return out;
}

/** Records that these entries are all one write-up (every pair joined). Returns how many entries were joined. */
export async function joinWriteUps(linkIds: number[]): Promise<number> {
  const ids = [...new Set(linkIds)].slice(0, MAX_JOIN);
  const existing = await db().link.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const found = existing.map((l) => l.id);
  if (found.length < 2) return 0;
  await db().$transaction(
    found.flatMap((a, i) =>
      found
        .slice(i + 1)
        .map((b) =>
          db().writeUpDecision.upsert({ where: { firstId_secondId: pairOf(a, b) }, create: { ...pairOf(a, b), together: true }, update: { together: true } }),
        ),
    ),
  );
  return found.length;
}

/** Records that two entries are not the same write-up, whatever their fingerprints share. */
export async function splitWriteUps(linkId: number, otherId: number): Promise<boolean> {
  if (linkId === otherId) return false;
  const count = await db().link.count({ where: { id: { in: [linkId, otherId] } } });
  if (count !== 2) return false;
  const pair = pairOf(linkId, otherId);
  await db().writeUpDecision.upsert({ where: { firstId_secondId: pair }, create: { ...pair, together: false }, update: { together: false } });
  return true;
}

/**
 * One result per write-up: the versions of a write-up found on the same page are shown once, at the place of the
 * best-ranked one, as the version in the reader's language when one of them is in it (else the best-ranked); the
 * others are named on its card. Returns the ids to show, in order.
 */
export function foldSiblings(
  orderedIds: number[],
  siblings: Map<number, Sibling[]>,
  prefer: { language?: string; languageOf: (id: number) => string | null | undefined } = { languageOf: () => null },
): number[] {
  const onPage = new Set(orderedIds);
  const taken = new Set<number>();
  const shown: number[] = [];
  // Primary subtags compared: an interface in zh-CN prefers an entry in zh or zh-Hans.
  const primary = (tag: string | null | undefined) => (tag ?? "").toLowerCase().split("-")[0];
  const wanted = primary(prefer.language);
  const speaks = (id: number) => wanted !== "" && primary(prefer.languageOf(id)) === wanted;
  for (const id of orderedIds) {
    if (taken.has(id)) continue;
    const group = [id, ...(siblings.get(id) ?? []).map((s) => s.id).filter((s) => onPage.has(s) && !taken.has(s))];
    for (const member of group) taken.add(member);
    shown.push(group.find(speaks) ?? id);
  }
  return shown;
}
