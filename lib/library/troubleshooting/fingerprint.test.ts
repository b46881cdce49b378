import { describe, expect, it } from "vitest";
import { seedArticles } from "@/lib/seed/articles";
import { extractFromPlainText, extractTroubleshooting } from "@/lib/search/troubleshooting";
import { seedInput } from "./testing";
import { fingerprint, groupWriteUps, MIN_SHARE, MIN_SHARED, sameWriteUp, sharedCount } from "@/lib/search/fingerprint";

const entries = seedArticles.map((a) => {
  const input = seedInput(a.file);
  return { id: a.slug, features: fingerprint({ ...input, ...extractTroubleshooting(input) }) };
});
const registry = seedArticles.filter((a) => a.slug.startsWith("docker-registry-centos7")).map((a) => a.slug);

describe("fingerprint grouping on the seeded KB", () => {
  it("measures shared features pairwise: each Registry version clears the threshold with the Japanese one, unrelated pairs do not", () => {
    const rows: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const a = entries[i]!;
        const b = entries[j]!;
        const shared = sharedCount(a.features, b.features);
        const share = shared / Math.min(a.features.size, b.features.size);
        rows.push(`${a.id} × ${b.id}: ${shared} shared, ${(share * 100).toFixed(0)} %`);
        const related = registry.includes(a.id) && registry.includes(b.id);
        // The partial Chinese translation shares little with the English original directly: it joins the group
        // through the Japanese version (the grouping test below).
        const throughJapanese = related && !a.id.endsWith("-ja") && !b.id.endsWith("-ja");
        if (related && !throughJapanese) expect(shared >= MIN_SHARED && share >= MIN_SHARE).toBe(true);
        else if (!related) expect(sameWriteUp(a.features, b.features)).toBe(false);
      }
    }
    console.log(rows.join("\n"));
  });

  it("groups the three language versions as one write-up and leaves the other two alone", () => {
    const groups = groupWriteUps(entries).map((g) => [...g].sort());
    expect(groups).toHaveLength(3);
    expect(groups).toContainEqual([...registry].sort());
    expect(groups).toContainEqual(["docker-network-centos8-virtualbox-firewalld-zh"]);
  });

  it("does not take a short note quoting one of a write-up's commands for a version of it", () => {
    const en = entries.find((e) => e.id.endsWith("registry-centos7-firewalld-en"))!;
    const text =
      "After a firewalld reload I persisted net.ipv4.ip_forward=1 in sysctl and opened the port.\nfirewall-cmd --add-port=5000/tcp --permanent\nsystemctl restart docker";
    const note = fingerprint({ codeBlocks: [], text, ...extractFromPlainText(text) });
    expect(sharedCount(note, en.features)).toBeLessThanOrEqual(1);
    expect(sameWriteUp(note, en.features)).toBe(false);
  });

  it("does not group by prose language: two Chinese write-ups on Docker and iptables stay apart", () => {
    const a = entries.find((e) => e.id === "docker-network-centos8-virtualbox-firewalld-zh")!;
    const other = entries.find((e) => e.id === "k8s-calico-iptables-restart-docker-rules-zh")!;
    expect(sharedCount(a.features, other.features)).toBeGreaterThan(0);
    expect(sameWriteUp(a.features, other.features)).toBe(false);
  });

  it("honours manual decisions: a split entry stays out, a manual merge joins", () => {
    const [zh, en, ja] = [registry.find((s) => s.endsWith("-zh"))!, registry.find((s) => s.endsWith("-en"))!, registry.find((s) => s.endsWith("-ja"))!];
    const split = groupWriteUps(entries, {
      together: [],
      apart: [
        [zh, en],
        [zh, ja],
      ],
    }).map((g) => [...g].sort());
    expect(split).toContainEqual([zh]);
    expect(split).toContainEqual([en, ja].sort());
    const merged = groupWriteUps(entries, { together: [[zh, "docker-network-centos8-virtualbox-firewalld-zh"]], apart: [] });
    expect(merged).toHaveLength(2);
  });
});
