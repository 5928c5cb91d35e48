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
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const no = i + 1;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      table = { name: line.slice(1), chains: [] };
      tables.push(table);
      return;
    }
    if (!table) {
      errors.push({ line: no, message: `"${line}" outside a table` });
      return;
    }
    const t = table;
    const chainOf = (name: string): DumpChain => {
      let c = t.chains.find((x) => x.name === name);
      if (!c) {
        c = { name, policy: '-', counters: '[0:0]', rules: [], deleted: false };
        t.chains.push(c);
      }
      return c;
    };
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
      const c = chainOf(name);
      c.policy = policy ?? '-';
      c.counters = counters ?? '[0:0]';
      return;
    }
    const m = /^-([AXI])\s+(\S+)/.exec(line);
    if (!m) {
      errors.push({ line: no, message: `unrecognised line "${line}"` });
      return;
    }
    const c = t.chains.find((x) => x.name === m[2]);
    if (!c) {
      errors.push({ line: no, message: `chain ${m[2]} used before it is declared` });
      chainOf(m[2] as string);
    }
    const chain = chainOf(m[2] as string);
    if (m[1] === 'X') chain.deleted = true;
    else chain.rules.push(line.replace(/^-I\s/, '-A '));
  });
  if (table) errors.push({ line: lines.length, message: `table ${table.name} lacks COMMIT` });
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

/** The value of the first `--comment`, quotes removed. */
export function ruleComment(rule: string): string | undefined {
  const toks = tokenize(rule);
  const i = toks.indexOf('--comment');
  return i >= 0 ? toks[i + 1] : undefined;
}

function serviceNameOf(comment: string): string {
  const i = comment.search(/[ :]/);
  return i >= 0 ? comment.slice(0, i) : comment;
}

function chainOrder(a: string, b: string): number {
  const rank = (n: string): number => (n === 'KUBE-NODEPORTS' ? 0 : n === 'KUBE-SERVICES' ? 1 : n.startsWith('KUBE-') ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
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
      const chains = [...t.chains].sort((a, b) => chainOrder(a.name, b.name)).map((c) => ({ ...c, rules: [...c.rules] }));
      for (const c of chains) {
        if (c.name === 'KUBE-NODEPORTS') c.rules.splice(0, c.rules.length, ...sortByServiceName(c.rules, false));
        if (c.name === 'KUBE-SERVICES') c.rules.splice(0, c.rules.length, ...sortByServiceName(c.rules, t.name === 'nat'));
      }
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
    for (const c of t.chains) out.push(...c.rules);
    for (const c of t.chains) if (c.deleted) out.push(`-X ${c.name}`);
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

/** sortIPTablesRules: text in, normal-form text out (parse errors are ignored; the text is kube-proxy's own). */
export function sortIPTablesRules(text: string): string {
  return renderDump(normalizeDump(parseDump(text).dump));
}
