/** What to show for an entry: the reader's title/description when set, else the captured ones. */
export function shownTitle(link: { customTitle: string | null; title: string | null; url: string }): string {
  return link.customTitle || link.title || link.url;
}
export function shownDescription(link: { customDescription: string | null; description: string | null }): string | null {
  return link.customDescription || link.description;
}
