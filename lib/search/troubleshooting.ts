/**
 * Pulls the shell commands and the quoted error/warning messages out of a troubleshooting write-up.
 * Pure functions: the input is the entry's text (reader text or seeded blocks), the output plain strings,
 * so the same code serves the capture publish step, the seed and the search index.
 */

export type ExtractInput = {
  /** Code blocks (<pre>/<code> contents or seeded code blocks), each possibly several lines. */
  codeBlocks: string[];
  /** The prose (paragraph text); command-like and error-like lines are looked for here too. */
  text: string;
};

export type Extracted = { commands: string[]; errors: string[] };

/** Prompt markers a reader copies along with the command: `$ `, `# `, `PS> `, `[root@host ~]# `, `user@host:~$ `. */
const PROMPT = /^(?:\[[^\]\n]*@[^\]\n]*\][#$]\s*|[\w.-]+@[\w.-]+:[^\s$#]*[$#]\s*|PS(?: [^>\n]*)?>\s*|\$\s*|#\s+|>\s+)/;

/** Programs whose invocation lines are commands even without a prompt in front. */
const COMMAND_WORDS = new Set(
  (
    "sudo docker docker-compose podman kubectl helm systemctl service journalctl firewall-cmd iptables ip6tables " +
    "iptables-save iptables-restore iptables-nft xtables-monitor nft sysctl modprobe lsmod ip ifconfig route ping curl " +
    "wget nc telnet ss netstat cat echo grep tail less vi vim nano cd ls cp mv rm mkdir chmod chown tee yum dnf apt " +
    "apt-get rpm pip npm git ssh scp openssl tcpdump dig nslookup mount umount export source kubeadm crictl " +
    "setenforce getenforce semanage reboot shutdown"
  ).split(" "),
);

/** Error/warning shapes quoted in write-ups, recognised at the start of a line (in prose too). */
const LINE_START_ERRORS: RegExp[] = [
  /^(?:error|warning|fatal|panic|critical)\s*:/i,
  /^(?:ERROR|WARN(?:ING)?|FATAL|CRIT)\b/,
  /^FirewallD is not running/i,
  // Go: "dial tcp 1.2.3.4:5000: connect: connection refused", "open /x: no such file or directory"
  /\b(?:dial|read|write) (?:tcp|udp)\b.*:\s*(?:connect: )?(?:connection refused|i\/o timeout|no route to host|connection reset by peer)/,
  /: no such file or directory$/i,
  // Java: "java.net.ConnectException: Connection refused", "Exception in thread "main" …"
  /^(?:Exception in thread\b|Caused by:|[a-z]+(?:\.[a-z]+)+\.[A-Z]\w*(?:Exception|Error)\b)/,
  // Python: "Traceback (most recent call last):", "ValueError: …"
  /^(?:Traceback \(most recent call last\)|[A-Z]\w*(?:Error|Exception):\s)/,
];

/** Shapes that make a whole code line an error wherever they occur in it. */
const ANYWHERE_ERRORS: RegExp[] = [/Error response from daemon:/, /\bx509:/];

/** Whether a line is an error message; in prose only a line that starts like one (quotes inside are found apart). */
export function isErrorLine(line: string, where: "code" | "prose" = "code"): boolean {
  const t = line.trim();
  if (t.length < 6 || t.length > 240) return false;
  return LINE_START_ERRORS.some((re) => re.test(t)) || (where === "code" && ANYWHERE_ERRORS.some((re) => re.test(t)));
}

/** A line with its prompt marker removed, or null when it carries none. */
export function stripPrompt(line: string): string | null {
  const m = PROMPT.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length).trim();
  if (rest === "") return null;
  // `# ` is also a comment marker (iptables-save files, shell scripts): a root prompt only before a command.
  if (m[0].startsWith("#") && !looksLikeCommand(rest)) return null;
  return rest;
}

function firstWord(line: string): string {
  return (line.trim().split(/\s+/)[0] ?? "").toLowerCase();
}

/** Whether a prompt-less line reads as an invocation of a known program. */
export function looksLikeCommand(line: string): boolean {
  const t = line.trim();
  if (t === "" || /[\u3040-\u30ff\u4e00-\u9fff]/.test(t.split(/\s+/)[0] ?? "")) return false;
  return COMMAND_WORDS.has(firstWord(t));
}

/** Joins `\`-continued lines into one, keeping a single space where the break was. */
export function joinContinuations(lines: string[]): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, "");
    const cont = /(?:^|[^\\])\\$/.test(line);
    const body = cont ? line.slice(0, -1).trimEnd() : line;
    pending = pending === null ? body : `${pending} ${body.trim()}`;
    if (!cont) {
      out.push(pending);
      pending = null;
    }
  }
  if (pending !== null) out.push(pending);
  return out;
}

/** The commands of one code block: prompt lines when the block uses prompts, else lines naming a known program. */
export function commandsOfBlock(block: string): string[] {
  const lines = joinContinuations(block.split(/\r?\n/));
  const prompted = lines.map(stripPrompt);
  if (prompted.some((p) => p !== null)) {
    return prompted.filter((p): p is string => p !== null && !p.startsWith("#")).map(tidy);
  }
  return lines.filter(looksLikeCommand).map(tidy);
}

function tidy(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** NFKC, lower case, one space between words and none around `=`, `:` after a key, `,`: so `a = 1` ≡ `a=1`. */
export function normalizeForMatch(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s*([=,])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = normalizeForMatch(item);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Commands and errors of a write-up, in reading order, each once (by normalized text). */
export function extractTroubleshooting(input: ExtractInput): Extracted {
  const commands: string[] = [];
  const errors: string[] = [];
  for (const block of input.codeBlocks) {
    commands.push(...commandsOfBlock(block));
    for (const line of block.split(/\r?\n/)) if (isErrorLine(line)) errors.push(tidy(line));
  }
  for (const line of input.text.split(/\r?\n/)) {
    const t = line.trim();
    const prompted = stripPrompt(t);
    if (prompted !== null && /^\$ |^\[.*@/.test(t) && looksLikeCommand(prompted)) commands.push(tidy(prompted));
    if (isErrorLine(t, "prose")) errors.push(tidy(t));
    // Messages quoted inside prose: "… the log said “Error response from daemon: …” and …"
    for (const m of t.matchAll(/Error response from daemon:[^"“”\n]*|\bx509:[^"“”\n]*|FirewallD is not running/gi)) {
      errors.push(tidy(m[0]));
    }
  }
  return { commands: dedupe(commands), errors: dedupe(errors) };
}

// Prose in Chinese/Japanese/Korean, or a line ending like a sentence: in plain text, a line that starts with a program's
// name ("Docker daemon服务在启动的时候…") is a sentence about it, not a command.
const PROSE_LINE = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff5e]|[.。!?！？:：]$/;

/**
 * Commands and errors of an entry known only by its plain text (what the search index holds), where code blocks are
 * lines among the prose: the whole text is read as one block, so prompted and known-program lines count as commands,
 * and a line that reads as prose is left out.
 */
export function extractFromPlainText(text: string): Extracted {
  const found = extractTroubleshooting({ codeBlocks: [text], text });
  return { commands: found.commands.filter((c) => !PROSE_LINE.test(c)), errors: found.errors };
}
