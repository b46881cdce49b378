import crypto from "node:crypto";

/** A secret for cookies, API tokens and share links, and the hash that is stored in its place. */
export function newSecret(prefix = ""): { secret: string; hash: string } {
  const secret = prefix + crypto.randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}
