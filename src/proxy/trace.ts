/**
 * A small packet interpreter for the iptables rule subset kube-proxy emits. It walks one new connection's
 * first packet through the nat table (KUBE-SERVICES, the way nat PREROUTING/OUTPUT reach it), applies the
 * DNAT, then through the filter chains kube-proxy owns, then nat KUBE-POSTROUTING. Probabilistic rules
 * (`-m statistic --mode random`) fork the walk, so the result is every outcome with its probability.
 *
 * The walk order is that of upstream's own test tracer (kubernetes/kubernetes:pkg/proxy/iptables/
 * proxier_test.go tracePacket: nat PREROUTING, then filter KUBE-SERVICES, KUBE-EXTERNAL-SERVICES,
 * KUBE-NODEPORTS, KUBE-PROXY-FIREWALL, then masquerade); rule semantics follow iptables-extensions(8).
 */
import type { Dump } from './iptables/dump.js';
import { tokenize } from './iptables/dump.js';
import { cidrContains, formatIP, isLoopback, parseCIDR, parseIP } from './ip.js';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface TracePacket {
  readonly src: string;
  readonly dst: string;
  readonly dport: number;
  readonly protocol: Protocol;
}

export interface TraceEnv {
  /** Addresses `-m addrtype --src-type/--dst-type LOCAL` treats as local (loopback always is). */
  readonly localAddresses: readonly string[];
  /** Interface the packet came in on (`-i`), if known: pods arrive on their veth or bridge. */
  readonly inInterface?: string;
  /** Members of ipsets, by set name (IPVS mode), in `ipset save` entry form. */
  readonly ipsets?: ReadonlyMap<string, ReadonlySet<string>>;
}

export type Verdict = 'DNAT' | 'ACCEPT' | 'DROP' | 'REJECT' | 'NONE';

export interface TraceOutcome {
  /** DNAT: rewritten to `destination`; ACCEPT/DROP/REJECT: a filter verdict; NONE: no kube-proxy rule decided. */
  readonly verdict: Verdict;
  readonly destination?: string;
  readonly masquerade: boolean;
  readonly probability: number;
  /** Rules that matched and acted, as `table CHAIN rule-number: target`, in order. */
  readonly path: readonly string[];
}

interface State {
  readonly dst: string;
  readonly dport: number;
  readonly mark: number;
  readonly dnat?: string;
  readonly probability: number;
  readonly path: readonly string[];
  readonly verdict?: 'ACCEPT' | 'DROP' | 'REJECT';
  readonly masquerade: boolean;
}

interface CompiledRule {
  readonly chain: string;
  readonly index: number;
  readonly conds: ((p: TracePacket, s: State, env: TraceEnv) => boolean)[];
  readonly probability?: number;
  readonly target?: string;
  readonly opts: ReadonlyMap<string, string>;
}

/** Parses a mark value `0x4000` or `0x4000/0x4000`. */
function parseMark(s: string): { value: number; mask: number } {
  const [v, m] = s.split('/');
  const value = Number(v);
  return { value, mask: m === undefined ? 0xffffffff : Number(m) };
}

function ifaceMatches(pattern: string, iface: string | undefined): boolean {
  if (iface === undefined) return false;
  return pattern.endsWith('+') ? iface.startsWith(pattern.slice(0, -1)) : iface === pattern;
}

function addrIn(spec: string, ip: string): boolean {
  const a = parseIP(ip);
  if (!a) return false;
  const c = parseCIDR(spec.includes('/') ? spec : `${spec}/${a.family === 'IPv4' ? 32 : 128}`);
  return c !== undefined && cidrContains(c, a);
}

function isLocal(ip: string, env: TraceEnv): boolean {
  const a = parseIP(ip);
  if (!a) return false;
  if (isLoopback(a)) return true;
  const norm = formatIP(a);
  return env.localAddresses.some((l) => {
    const b = parseIP(l);
    return b !== undefined && formatIP(b) === norm;
  });
}

function setKey(flags: string, p: TracePacket, s: State): string {
  const parts = flags.split(',').map((f, i) => {
    const ipOf = f === 'src' ? p.src : s.dst;
    const portOf = f === 'src' ? 0 : s.dport;
    // ipset's hash:ip,port entries are "ip,proto:port"; the second dimension is the port.
    if (i === 1) return `${p.protocol}:${portOf}`;
    return ipOf;
  });
  return parts.join(',');
}

function compileRule(chain: string, index: number, line: string): CompiledRule {
  const toks = tokenize(line);
  const conds: CompiledRule['conds'] = [];
  const opts = new Map<string, string>();
  let probability: number | undefined;
  let target: string | undefined;
  let negate = false;
  let inTarget = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const next = toks[i + 1] ?? '';
    if (t === '!') {
      negate = true;
      continue;
    }
    const neg = negate;
    negate = false;
    const add = (f: CompiledRule['conds'][number]): void => {
      conds.push(neg ? (p, s, e) => !f(p, s, e) : f);
    };
    switch (t) {
      case '-A':
      case '-I':
        i++;
        break;
      case '-j':
        target = next;
        inTarget = true;
        i++;
        break;
      case '-m':
        i++;
        break;
      case '-s':
      case '--src':
        add((p) => addrIn(next, p.src));
        i++;
        break;
      case '-d':
      case '--dst':
        add((_p, s) => addrIn(next, s.dst));
        i++;
        break;
      case '-p':
        add((p) => p.protocol === next.toLowerCase());
        i++;
        break;
      case '-i':
        add((_p, _s, e) => ifaceMatches(next, e.inInterface));
        i++;
        break;
      case '-o':
        // Output interface is decided by routing after nat; kube-proxy does not emit -o matches.
        i++;
        break;
      case '--dport': {
        const [lo, hi] = next.split(':').map(Number);
        add((_p, s) => s.dport >= (lo ?? 0) && s.dport <= (hi ?? lo ?? 0));
        i++;
        break;
      }
      case '--src-type':
        add((p, _s, e) => next === 'LOCAL' && isLocal(p.src, e));
        i++;
        break;
      case '--dst-type':
        add((_p, s, e) => next === 'LOCAL' && isLocal(s.dst, e));
        i++;
        break;
      case '--probability':
        probability = Number(next);
        i++;
        break;
      case '--mark': {
        const m = parseMark(next);
        add((_p, s) => ((s.mark & m.mask) >>> 0) === ((m.value & m.mask) >>> 0));
        i++;
        break;
      }
      case '--ctstate': {
        const states = next.split(',');
        // The first packet of a connection is NEW; once DNATed, conntrack also reports DNAT.
        add((_p, s) => states.includes('NEW') || (s.dnat !== undefined && states.includes('DNAT')));
        i++;
        break;
      }
      case '--rcheck':
      case '--update':
        // A first packet has no recent-list entry yet.
        add(() => false);
        break;
      case '--physdev-is-in':
        add(() => false);
        break;
      case '--match-set': {
        const name = next;
        const flags = toks[i + 2] ?? '';
        add((p, s, e) => e.ipsets?.get(name)?.has(setKey(flags, p, s)) ?? false);
        i += 2;
        break;
      }
      case '--comment':
      case '--mode':
      case '--name':
      case '--seconds':
      case '--nfacct-name':
      case '--mask':
      case '--src-range':
        i++;
        break;
      default:
        if (t.startsWith('--') && inTarget) {
          if (next !== '' && !next.startsWith('-')) {
            opts.set(t, next);
            i++;
          } else {
            opts.set(t, '');
          }
        }
    }
  }
  return { chain, index, conds, ...(probability !== undefined ? { probability } : {}), ...(target !== undefined ? { target } : {}), opts };
}

/** A compiled rule set: chains by table. */
export interface RuleSet {
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, readonly CompiledRule[]>>;
}

/** Compiles a parsed dump (restore payload) for tracing. */
export function compileRuleSet(dump: Dump): RuleSet {
  const tables = new Map<string, Map<string, CompiledRule[]>>();
  for (const t of dump.tables) {
    const chains = new Map<string, CompiledRule[]>();
    for (const c of t.chains) chains.set(c.name, c.rules.map((r, i) => compileRule(c.name, i + 1, r)));
    tables.set(t.name, chains);
  }
  return { tables };
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT']);
const MAX_DEPTH = 32;

interface Branch {
  readonly state: State;
  /** True when the walk ended (a terminal target or DNAT) rather than falling off the chain. */
  readonly done: boolean;
}

function runChain(rs: RuleSet, table: string, chain: string, p: TracePacket, start: State, env: TraceEnv, depth: number): Branch[] {
  const rules = rs.tables.get(table)?.get(chain);
  if (!rules || depth > MAX_DEPTH) return [{ state: start, done: false }];
  let live: State[] = [start];
  const finished: Branch[] = [];
  for (const rule of rules) {
    const nextLive: State[] = [];
    for (const s of live) {
      if (!rule.conds.every((c) => c(p, s, env))) {
        nextLive.push(s);
        continue;
      }
      let taken = s;
      if (rule.probability !== undefined) {
        const pr = Math.min(1, Math.max(0, rule.probability));
        if (pr < 1) nextLive.push({ ...s, probability: s.probability * (1 - pr) });
        if (pr <= 0) continue;
        taken = { ...s, probability: s.probability * pr };
      }
      const here = `${table} ${chain} #${rule.index}`;
      const results = applyTarget(rs, table, rule, p, taken, env, depth, here);
      for (const r of results) {
        if (r.done) finished.push(r);
        else if (r.returned) finished.push({ state: r.state, done: false });
        else nextLive.push(r.state);
      }
    }
    live = nextLive;
    if (live.length === 0) break;
  }
  return [...finished, ...live.map((state) => ({ state, done: false }))];
}

function applyTarget(
  rs: RuleSet,
  table: string,
  rule: CompiledRule,
  p: TracePacket,
  s: State,
  env: TraceEnv,
  depth: number,
  here: string,
): (Branch & { returned?: boolean })[] {
  const t = rule.target;
  if (t === undefined) return [{ state: s, done: false }];
  const step = (what: string): State => ({ ...s, path: [...s.path, `${here}: ${what}`] });
  if (TERMINAL.has(t)) return [{ state: { ...step(t), verdict: t as 'ACCEPT' | 'DROP' | 'REJECT' }, done: true }];
  if (t === 'RETURN') return [{ state: step('RETURN'), done: false, returned: true }];
  if (t === 'DNAT') {
    const to = rule.opts.get('--to-destination') ?? '';
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(to);
    const dst = m ? (m[1] as string) : to;
    const dport = m ? Number(m[2]) : s.dport;
    return [{ state: { ...step(`DNAT ${to}`), dst, dport, dnat: to }, done: true }];
  }
  if (t === 'MARK') {
    let mark = s.mark;
    const or = rule.opts.get('--or-mark');
    const xor = rule.opts.get('--xor-mark');
    const setx = rule.opts.get('--set-xmark');
    if (or !== undefined) mark = (mark | Number(or)) >>> 0;
    if (xor !== undefined) mark = (mark ^ Number(xor)) >>> 0;
    if (setx !== undefined) {
      const m = parseMark(setx);
      mark = ((mark & ~m.mask) ^ m.value) >>> 0;
    }
    return [{ state: { ...step(`MARK -> 0x${mark.toString(16)}`), mark }, done: false }];
  }
  if (t === 'MASQUERADE') return [{ state: { ...step('MASQUERADE'), masquerade: true }, done: false }];
  // A jump to a user chain: its outcomes that fell off the end (or RETURNed) continue here.
  const sub = runChain(rs, table, t, p, step(`-> ${t}`), env, depth + 1);
  return sub.map((b) => ({ state: b.state, done: b.done }));
}

/** Walks a new connection's first packet through the rules; outcomes are merged and sorted. */
export function tracePacket(rs: RuleSet, packet: TracePacket, env: TraceEnv): TraceOutcome[] {
  const init: State = { dst: packet.dst, dport: packet.dport, mark: 0, probability: 1, path: [], masquerade: false };
  const out: TraceOutcome[] = [];
  for (const nat of runChain(rs, 'nat', 'KUBE-SERVICES', packet, init, env, 0)) {
    let states: State[] = [nat.state];
    for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
      const next: State[] = [];
      for (const s of states) {
        if (s.verdict) {
          next.push(s);
          continue;
        }
        for (const b of runChain(rs, 'filter', chain, packet, s, env, 0)) next.push(b.state);
      }
      states = next;
    }
    for (const s of states) {
      const post = s.verdict === 'DROP' || s.verdict === 'REJECT' ? [{ state: s, done: false }] : runChain(rs, 'nat', 'KUBE-POSTROUTING', packet, s, env, 0);
      for (const b of post) {
        const st = b.state;
        const verdict: Verdict = st.verdict === 'DROP' || st.verdict === 'REJECT' ? st.verdict : st.dnat !== undefined ? 'DNAT' : st.verdict ?? 'NONE';
        out.push({
          verdict,
          ...(verdict === 'DNAT' ? { destination: st.dnat as string } : {}),
          masquerade: verdict === 'DNAT' || verdict === 'ACCEPT' || verdict === 'NONE' ? st.masquerade : false,
          probability: st.probability,
          path: st.path,
        });
      }
    }
  }
  return mergeOutcomes(out);
}

function mergeOutcomes(list: readonly TraceOutcome[]): TraceOutcome[] {
  const byKey = new Map<string, { o: TraceOutcome; p: number }>();
  for (const o of list) {
    const k = `${o.verdict}|${o.destination ?? ''}|${o.masquerade}`;
    const cur = byKey.get(k);
    if (cur) cur.p += o.probability;
    else byKey.set(k, { o, p: o.probability });
  }
  return [...byKey.values()]
    .map(({ o, p }) => ({ ...o, probability: p }))
    .sort((a, b) => (a.verdict + (a.destination ?? '') < b.verdict + (b.destination ?? '') ? -1 : 1));
}

/** Upstream tracer's summary string: DNAT targets joined by ", ", or the verdict, or "" when nothing matched. */
export function summarize(outcomes: readonly TraceOutcome[]): { output: string; masq: boolean } {
  const dnat = outcomes.filter((o) => o.verdict === 'DNAT');
  if (dnat.length > 0) return { output: dnat.map((o) => o.destination).join(', '), masq: dnat.some((o) => o.masquerade) };
  const other = outcomes.find((o) => o.verdict !== 'NONE');
  return { output: other ? other.verdict : '', masq: false };
}
