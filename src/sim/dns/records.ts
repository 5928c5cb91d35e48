/**
 * DNS records and responses in presentation format (RFC 1035 §5.1), one record per line as `dig` prints them:
 * `reviews.shop.svc.cluster.local. 30 IN A 10.96.0.17`.
 */

export type RRType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'SOA' | 'NS' | 'MX';

/** Query types the `dns` command accepts. */
export const QUERY_TYPES: readonly RRType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'SOA', 'NS', 'MX'];

export interface DnsRecord {
  /** Owner name, fully qualified (trailing dot). */
  readonly name: string;
  readonly ttl: number;
  readonly type: RRType;
  /** RDATA in presentation format (`10.96.0.17`, `0 100 80 reviews.shop.svc.cluster.local.`, `"1.1.0"`). */
  readonly data: string;
}

/** Response codes the dry run can give; `REFUSED` is not used: unknown names go upstream instead. */
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

export interface DnsResponse {
  readonly question: { readonly name: string; readonly type: RRType };
  readonly rcode: Rcode;
  readonly answer: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
  /**
   * True when CoreDNS would not answer from cluster data but hand the query to its `forward` plugin
   * (names outside the cluster zone, unknown reverse names through `fallthrough in-addr.arpa ip6.arpa`):
   * the dry run cannot know that answer.
   */
  readonly forwarded?: boolean;
  /** Why the answer is what it is, in a sentence (the object that decided it). */
  readonly note?: string;
}

/** `name ttl IN type data`, single spaces, as in the examples. */
export function formatRecord(r: DnsRecord): string {
  return `${r.name} ${r.ttl} IN ${r.type} ${r.data}`;
}

/** Deterministic record order: type, owner, data. */
export function compareRecords(a: DnsRecord, b: DnsRecord): number {
  return cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.data, b.data);
}

/** Removes exact duplicates (same name, type and data), keeping the first. */
export function dedupeRecords(records: readonly DnsRecord[]): DnsRecord[] {
  if (records.length < 2) return records as DnsRecord[];
  const seen = new Set<string>();
  const out: DnsRecord[] = [];
  for (const r of records) {
    const key = `${r.name.toLowerCase()}\u0000${r.type}\u0000${r.data}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
