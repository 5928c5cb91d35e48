/**
 * Reading iptables-restore / iptables-save text, and the normal form kube-proxy's own tests compare:
 * kubernetes/kubernetes:pkg/proxy/iptables/proxier_test.go sortIPTablesRules (and the dump printer of
 * pkg/util/iptables/testing/parse.go). Tables sorted by name; chains KUBE-NODEPORTS, KUBE-SERVICES, other
 * KUBE-* by name, then the rest by name; rules per chain in chain order; rules of KUBE-NODEPORTS and
 * KUBE-SERVICES stably sorted by the service name in their comment, the nat "must be the last rule" rule last;
 * `-X` lines after all rules.
 */

export interface DumpChain {
  readonly name: string;
  /** Policy for built-in chains (`ACCEPT`), `-` for user chains. */
  policy: string;
  /** The `[packets:bytes]` text. */
  counters: string;
  /** Full rule lines (`-A CHAIN …`), in order. */
  readonly rules: string[];
  deleted: boolean;
}

export interface DumpTable {
  readonly name: string;
  readonly chains: DumpChain[];
}

export interface Dump {
  readonly tables: DumpTable[];
}

/** A parse problem: the 1-based line and what is wrong. */
export interface DumpError {
  readonly line: number;
  readonly message: string;
}

/** Parses restore or save text. Never throws: problems come back as errors. */
export function parseDump(text: string): { dump: Dump; errors: DumpError[] } {
  const tables: DumpTable[] = [];
  const errors: DumpError[] = [];
  let table: DumpTable | undefined;
  // Chains by name for the current table: payloads have tens of thousands of chains.
  let index = new Map<string, DumpChain>();
  const lines = text.split('\n');
  const chainOf = (t: DumpTable, name: string): DumpChain => {
    let c = index.get(name);
    if (!c) {
      c = { name, policy: '-', counters: '[0:0]', rules: [], deleted: false };
      index.set(name, c);
      t.chains.push(c);
    }
    return c;
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const no = i + 1;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      table = { name: line.slice(1), chains: [] };
      index = new Map();
      tables.push(table);
      return;
    }
    if (!table) {
      errors.push({ line: no, message: `"${line}" outside a table` });
      return;
    }
    if (line === 'COMMIT') {
      table = undefined;
      return;
    }
    if (line.startsWith(':')) {
      const [name, policy, counters] = line.slice(1).split(/\s+/);
      if (!name) {
        errors.push({ line: no, message: 'chain declaration without a name' });
        return;
      }
      const c = chainOf(table, name);
      c.policy = policy ?? '-';
      c.counters = counters ?? '[0:0]';
      return;
    }
    const m = /^-([AXI])\s+(\S+)/.exec(line);
    if (!m) {
      errors.push({ line: no, message: `unrecognised line "${line}"` });
      return;
    }
    if (!index.has(m[2] as string)) errors.push({ line: no, message: `chain ${m[2]} used before it is declared` });
    const chain = chainOf(table, m[2] as string);
    if (m[1] === 'X') chain.deleted = true;
    else chain.rules.push(line.replace(/^-I\s/, '-A '));
  });
  if (table) errors.push({ line: lines.length, message: `table ${(table as DumpTable).name} lacks COMMIT` });
  return { dump: { tables }, errors };
}

/** Splits a rule into arguments the way iptables-restore does (double quotes group). */
export function tokenize(rule: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  let has = false;
  for (let i = 0; i < rule.length; i++) {
    const ch = rule[i] as string;
    if (ch === '"') {
      inQuote = !inQuote;
      has = true;
    } else if (ch === '\\' && inQuote && rule[i + 1] === '"') {
      cur += '"';
      i++;
    } else if ((ch === ' ' || ch === '\t') && !inQuote) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const COMMENT = /--comment (?:"((?:[^"\\]|\\.)*)"|(\S+))/;

/** The value of the first `--comment`, quotes removed. */
export function ruleComment(rule: string): string | undefined {
  const m = COMMENT.exec(rule);
  return m ? (m[1] ?? m[2]) : undefined;
}

function serviceNameOf(comment: string): string {
  const i = comment.search(/[ :]/);
  return i >= 0 ? comment.slice(0, i) : comment;
}

function chainRank(n: string): number {
  return n === 'KUBE-NODEPORTS' ? 0 : n === 'KUBE-SERVICES' ? 1 : n.startsWith('KUBE-') ? 2 : 3;
}

function chainOrder(a: string, b: string): number {
  const ra = chainRank(a);
  const rb = chainRank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Chain names in normal-form order; decorated keys keep the sort cheap for tens of thousands of chains. */
function sortChainNames(names: readonly string[]): string[] {
  // The rank digit then the name: plain code-unit order (Array#sort's default) equals Go's byte order here.
  return names.map((n) => `${chainRank(n)}${n}`).sort().map((k) => k.slice(1));
}

/** Stable sort by comment service name; rules without a comment compare equal (orderByCommentServiceName). */
function sortByServiceName(rules: string[], keepLast: boolean): string[] {
  const keyed = rules.map((r, i) => {
    const c = ruleComment(r);
    return { r, i, c, last: keepLast && c !== undefined && c.includes('must be the last rule') };
  });
  keyed.sort((x, y) => {
    if (x.last !== y.last) return x.last ? 1 : -1;
    if (x.last && y.last) return x.i - y.i;
    if (x.c === undefined || y.c === undefined) return x.i - y.i;
    const nx = serviceNameOf(x.c);
    const ny = serviceNameOf(y.c);
    return nx < ny ? -1 : nx > ny ? 1 : x.i - y.i;
  });
  return keyed.map((k) => k.r);
}

/** Returns the dump in the upstream tests' normal form (a new object). */
export function normalizeDump(dump: Dump): Dump {
  const tables = [...dump.tables]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => {
      const chains = [...t.chains]
        .sort((a, b) => chainOrder(a.name, b.name))
        .map((c) => ({
          ...c,
          rules:
            c.name === 'KUBE-NODEPORTS'
              ? sortByServiceName(c.rules, false)
              : c.name === 'KUBE-SERVICES'
                ? sortByServiceName(c.rules, t.name === 'nat')
                : [...c.rules],
        }));
      return { name: t.name, chains };
    });
  return { tables };
}

/** Prints a dump as pkg/util/iptables/testing's IPTablesDump.String() does. */
export function renderDump(dump: Dump): string {
  const out: string[] = [];
  for (const t of dump.tables) {
    out.push(`*${t.name}`);
    for (const c of t.chains) out.push(`:${c.name} ${c.policy} ${c.counters}`);
    for (const c of t.chains) for (const r of c.rules) out.push(r);
    for (const c of t.chains) if (c.deleted) out.push(`-X ${c.name}`);
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

/**
 * The normal form of a payload we built ourselves (tables of chain declarations and `-A` lines), without a
 * text round trip: the same result as sortIPTablesRules on its rendering, in linear-logarithmic time.
 */
export function normalFormOf(tables: readonly { readonly name: string; readonly chains: readonly string[]; readonly rules: readonly string[] }[]): string {
  const out: string[] = [];
  const sortedTables = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const t of sortedTables) {
    const byChain = new Map<string, string[]>();
    for (const decl of t.chains) {
      const name = decl.slice(1, decl.indexOf(' '));
      if (!byChain.has(name)) byChain.set(name, []);
    }
    for (const r of t.rules) {
      const name = r.slice(3, r.indexOf(' ', 3));
      let list = byChain.get(name);
      if (!list) byChain.set(name, (list = []));
      list.push(r);
    }
    const names = sortChainNames([...byChain.keys()]);
    out.push(`*${t.name}`);
    for (const n of names) out.push(`:${n} - [0:0]`);
    for (const n of names) {
      let rules = byChain.get(n) as string[];
      if (n === 'KUBE-NODEPORTS') rules = sortByServiceName(rules, false);
      else if (n === 'KUBE-SERVICES') rules = sortByServiceName(rules, t.name === 'nat');
      for (const r of rules) out.push(r);
    }
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

/** sortIPTablesRules: text in, normal-form text out (parse errors are ignored; the text is kube-proxy's own). */
export function sortIPTablesRules(text: string): string {
  return renderDump(normalizeDump(parseDump(text).dump));
}
