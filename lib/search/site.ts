// An entry's site as SQL reads it: the host (with its port) of the stored address, `https://docs.docker.com/x` →
// `docs.docker.com`. Stored addresses are normalized (lower-case host, always a path), so the host is what lies
// between "://" and the next "/". The site filter and the library's list of sites use the same expression, so every
// site the list offers finds its entries.

/** SQLite: the text after "://" up to the first "/" (a "/" appended for an address without one). */
export function sqliteSiteOf(url: string): string {
  const rest = `substr(${url}, instr(${url}, '://') + 3)`;
  return `substr(${rest}, 1, instr(${rest} || '/', '/') - 1)`;
}

/** PostgreSQL: the same cut with split_part. */
export function postgresSiteOf(url: string): string {
  return `split_part(split_part(${url}, '://', 2), '/', 1)`;
}
