/**
 * Protocols, port intervals and connection sets (protocol → port intervals).
 *
 * NetworkPolicy covers TCP, UDP and SCTP only (kubernetes/api:networking/v1/types.go NetworkPolicyPort
 * `protocol`: "TCP, UDP, or SCTP. If not specified, this field defaults to TCP"); an omitted `ports` list
 * means every port of all three (network-policy-v1 reference `ingress.ports`). Ports run 1..65535 as in
 * netpol-analyzer's port sets, whose text form we reproduce (np-guard/netpol-analyzer:
 * pkg/netpol/eval/internal/k8s/connectionset.go `String`: "All Connections", else `PROTO p1,p2-p3`
 * elements sorted as strings and joined by ",").
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export function isProtocol(s: string): s is Protocol {
  return s === 'TCP' || s === 'UDP' || s === 'SCTP';
}

/** An inclusive port interval. */
export interface PortInterval {
  readonly lo: number;
  readonly hi: number;
}

/** Per protocol, sorted disjoint non-adjacent intervals. A missing protocol has no ports. */
export type ConnSet = Readonly<Partial<Record<Protocol, readonly PortInterval[]>>>;

export const NO_CONNS: ConnSet = {};
export const ALL_CONNS: ConnSet = {
  TCP: [{ lo: MIN_PORT, hi: MAX_PORT }],
  UDP: [{ lo: MIN_PORT, hi: MAX_PORT }],
  SCTP: [{ lo: MIN_PORT, hi: MAX_PORT }],
};

/** Sorts and merges intervals (adjacent ones too). */
export function normalizeIntervals(list: readonly PortInterval[]): PortInterval[] {
  const sorted = [...list].filter((i) => i.lo <= i.hi).sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  const out: PortInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.lo <= last.hi + 1) out[out.length - 1] = { lo: last.lo, hi: Math.max(last.hi, i.hi) };
    else out.push({ lo: i.lo, hi: i.hi });
  }
  return out;
}

/** Builds a normalized ConnSet from (protocol, interval) pieces. */
export function connSetOf(pieces: readonly { readonly protocol: Protocol; readonly lo: number; readonly hi: number }[]): ConnSet {
  const out: Partial<Record<Protocol, PortInterval[]>> = {};
  for (const p of PROTOCOLS) {
    const list = normalizeIntervals(pieces.filter((x) => x.protocol === p));
    if (list.length > 0) out[p] = list;
  }
  return out;
}

export function connSetUnion(a: ConnSet, b: ConnSet): ConnSet {
  const pieces: { protocol: Protocol; lo: number; hi: number }[] = [];
  for (const p of PROTOCOLS) for (const i of [...(a[p] ?? []), ...(b[p] ?? [])]) pieces.push({ protocol: p, ...i });
  return connSetOf(pieces);
}

export function connSetIntersect(a: ConnSet, b: ConnSet): ConnSet {
  const pieces: { protocol: Protocol; lo: number; hi: number }[] = [];
  for (const p of PROTOCOLS) {
    for (const x of a[p] ?? []) for (const y of b[p] ?? []) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      if (lo <= hi) pieces.push({ protocol: p, lo, hi });
    }
  }
  return connSetOf(pieces);
}

export function connSetIsEmpty(c: ConnSet): boolean {
  return PROTOCOLS.every((p) => (c[p] ?? []).length === 0);
}

export function connSetEquals(a: ConnSet, b: ConnSet): boolean {
  return connSetKey(a) === connSetKey(b);
}

/** a ⊆ b */
export function connSetContains(b: ConnSet, a: ConnSet): boolean {
  return connSetEquals(connSetIntersect(a, b), a);
}

export function connSetIsAll(c: ConnSet): boolean {
  return connSetEquals(c, ALL_CONNS);
}

export function connSetHas(c: ConnSet, protocol: Protocol, port: number): boolean {
  return (c[protocol] ?? []).some((i) => i.lo <= port && port <= i.hi);
}

/** A canonical key (for grouping and equality). */
export function connSetKey(c: ConnSet): string {
  return PROTOCOLS.map((p) => `${p}:${(c[p] ?? []).map((i) => `${i.lo}-${i.hi}`).join(',')}`).join(';');
}

function intervalText(i: PortInterval): string {
  return i.lo === i.hi ? String(i.lo) : `${i.lo}-${i.hi}`;
}

/** netpol-analyzer's text: `All Connections`, `No Connections`, or `SCTP 9090,TCP 80,8080-8090,UDP 53`. */
export function formatConnSet(c: ConnSet): string {
  if (connSetIsAll(c)) return 'All Connections';
  if (connSetIsEmpty(c)) return 'No Connections';
  const parts: string[] = [];
  for (const p of PROTOCOLS) {
    const list = c[p] ?? [];
    if (list.length > 0) parts.push(`${p} ${list.map(intervalText).join(',')}`);
  }
  return parts.sort().join(',');
}

/** Parses `9080`, `9080/TCP`, `udp/53` or `53/udp` (the `--port` flag); protocol defaults to TCP. */
export function parsePortSpec(s: string): { protocol: string; port: number } | { error: string } {
  const m = /^(?:([A-Za-z]+)\/)?(\d{1,5})(?:\/([A-Za-z]+))?$/.exec(s.trim());
  if (!m) return { error: `invalid port "${s}": expected PORT or PORT/PROTOCOL (e.g. 9080/TCP)` };
  const port = Number(m[2]);
  if (port < MIN_PORT || port > MAX_PORT) return { error: `invalid port "${s}": must be between 1 and 65535` };
  return { protocol: (m[1] ?? m[3] ?? 'TCP').toUpperCase(), port };
}
