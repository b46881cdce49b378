/** A response the browser received during a capture, kept so the snapshot can inline it without re-downloading. */
export type RecordedResource = {
  url: string;
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Buffer;
};

/** Every successful subresource body seen by the network guard, keyed by absolute URL. */
export class ResourceStore {
  private readonly byUrl = new Map<string, RecordedResource>();
  private totalBytes = 0;

  add(resource: RecordedResource): void {
    const previous = this.byUrl.get(resource.url);
    if (previous) this.totalBytes -= previous.body.length;
    this.byUrl.set(resource.url, resource);
    this.totalBytes += resource.body.length;
  }

  get(url: string): RecordedResource | undefined {
    return this.byUrl.get(url);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.byUrl.size;
  }

  urls(): string[] {
    return [...this.byUrl.keys()];
  }
}
