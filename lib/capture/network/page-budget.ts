import type { ByteBudget } from "@/lib/security/checked-fetch";

/**
 * The capture's byte cap (KURA_MAX_PAGE_BYTES), shared by all its downloads: every body byte received counts, whatever
 * the status (a 404 page is as large as an image), so the total held in memory for one capture never passes the cap.
 */
export class PageByteBudget implements ByteBudget {
  private used = 0;
  private received = 0;

  constructor(readonly cap: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.cap) {
      // Once one download is refused the page is over its cap: the others stop at their next chunk too.
      this.used = this.cap;
      return false;
    }
    this.used += bytes;
    this.received += bytes;
    return true;
  }

  giveBack(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    this.received = Math.max(0, this.received - bytes);
  }

  get exhausted(): boolean {
    return this.used >= this.cap;
  }

  /** Bytes taken by downloads (received or reserved for a declared length still arriving). */
  get bytes(): number {
    return this.received;
  }
}
