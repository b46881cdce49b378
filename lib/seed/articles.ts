/**
 * The five troubleshooting write-ups Kura ships with (texts in prisma/seed-articles/).
 *
 * Titles and descriptions are in each article's own language. Tags are lowercase and only
 * name things the text really talks about; for the words that literally occur in texts
 * (docker, firewalld, iptables, kubernetes/k8s, calico, drone, centos) a tag is present
 * exactly when the word is (see articles.test.ts).
 */

export type SeedLanguage = "zh" | "en" | "ja";

export type SeedArticle = {
  /** File name inside prisma/seed-articles/. */
  file: string;
  /** Stable identifier; the entry's URL is `kura-seed://<slug>` (see seedArticleUrl). */
  slug: string;
  title: string;
  language: SeedLanguage;
  /** One sentence, in the article's language. */
  description: string;
  tags: string[];
  /** ISO 8601, only where the text itself gives a date. */
  publishedAt?: string;
};

export function seedArticleUrl(article: Pick<SeedArticle, "slug">): string {
  return `kura-seed://${article.slug}`;
}

/** Value for `<html lang>`. */
export function htmlLang(language: SeedLanguage): string {
  return language === "zh" ? "zh-CN" : language;
}

export const seedArticles: SeedArticle[] = [
  {
    file: "000_3add25d5e72dc915.txt",
    slug: "docker-registry-centos7-firewalld-zh",
    title: "CentOS 7 上的 Docker Registry 突然无法被其他主机访问:FirewallD、DOCKER 链与 IP_FORWARD 排查",
    language: "zh",
    description:
      "在 CentOS 7 上用 -p 5000:5000 发布的 Docker Registry 过一段时间后外部主机就无法访问,本文(从“二、问题排查”开始的部分存档)逐一排查了未开放端口、重启 FirewallD 删除 DOCKER 链以及 IP_FORWARD 被停用三种原因。",
    tags: ["docker", "registry", "centos", "firewalld", "iptables", "ip-forward", "networking", "troubleshooting"],
    // The text ends with "2018年11月5日 22:42:26"; no zone is given, China Standard Time is assumed.
    publishedAt: "2018-11-05T22:42:26+08:00",
  },
  {
    file: "001_0fc013b1c221300a.txt",
    slug: "docker-registry-centos7-firewalld-en",
    title: "Docker Registry on CentOS 7 Unreachable from Other Hosts: firewalld, the DOCKER Chain and ip_forward",
    language: "en",
    description:
      "A Docker Registry published with -p 5000:5000 on CentOS 7 stops answering other hosts after a while, and the three causes found are a closed firewalld port, a firewalld restart that deletes the DOCKER chain, and net.ipv4.ip_forward being switched off by a network restart.",
    tags: ["docker", "registry", "centos", "firewalld", "iptables", "ip-forward", "sysctl", "networking", "troubleshooting"],
  },
  {
    file: "002_ec89bda6d841ec8f.txt",
    slug: "docker-network-centos8-virtualbox-firewalld-zh",
    title: "记一次 Docker 网络问题排查",
    language: "zh",
    description:
      "在 VirtualBox 中的 CentOS 8 虚拟机上,Docker 构建镜像和容器都无法联网,作者借助 iptables 的 TRACE/LOG 与 xtables-monitor --trace 追踪到 firewalld 的 filter_FORWARD 丢弃了数据包,最终升级到 Docker 20.10 解决。",
    tags: ["docker", "centos", "firewalld", "iptables", "nftables", "sysctl", "virtualbox", "networking", "troubleshooting"],
  },
  {
    file: "003_4db2b2f855496c6d.txt",
    slug: "docker-registry-centos7-firewalld-ja",
    title: "CentOS 7 の Docker Registry に他のホストから接続できなくなる問題:firewalld・DOCKER チェーン・ip_forward",
    language: "ja",
    description:
      "CentOS 7 で -p 5000:5000 により公開した Docker Registry にしばらくすると外部ホストから接続できなくなる問題について、firewalld のポート未開放、firewalld の再起動による DOCKER チェーンの削除、ネットワーク再起動による IP_FORWARD の無効化という三つの原因を調べた記録です。",
    tags: ["docker", "registry", "centos", "firewalld", "iptables", "ip-forward", "sysctl", "networking", "troubleshooting"],
  },
  {
    file: "004_a170cb9c3822650e.txt",
    slug: "k8s-calico-iptables-restart-docker-rules-zh",
    title: "k8s线上集群的机器,重启iptables后,造成CI系统(drone)构建偶发失败,docker run容器无法访问外网问题排查记录",
    language: "zh",
    description:
      "在使用 calico 网络的 k8s 节点上为开放 9999 端口重启了 iptables 服务,导致 Docker 的 iptables 规则丢失、drone 构建和 docker run 启动的容器无法访问外网,最后用 iptables-restore 恢复 Docker 的 NAT 与 FORWARD 规则解决。",
    // "centos": the text runs `docker run centos` and edits /etc/sysconfig/iptables (a CentOS/RHEL node).
    tags: ["kubernetes", "calico", "drone", "docker", "iptables", "centos", "networking", "troubleshooting"],
  },
];
