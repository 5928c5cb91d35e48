/**
 * The string formats the API server checks in CRD schemas, with upstream's semantics.
 *
 * Which formats: `kubernetes/apiextensions-apiserver:pkg/apiserver/validation/formats.go`
 * (`supportedVersionedFormats`); any other format is stripped from the schema and never checked. Names are
 * normalized as go-openapi does (dashes removed: `date-time` = `datetime`), and only `type: string` (or
 * untyped) schemas carry a checked format. How each is checked: `kubernetes/kube-openapi:pkg/validation/strfmt`
 * (default.go, time.go, date.go, duration.go, bson.go, kubernetes-extensions.go) and its vendored
 * govalidator (`pkg/internal/third_party/govalidator`). Every checker is our own code: ajv-formats differs
 * from upstream for nearly every name (its `date-time` requires a time zone check we lack upstream, its
 * `uri` is RFC 3986 rather than Go's `url.ParseRequestURI`, its `byte` accepts the empty string), so none
 * of it is used.
 */
import { Buffer } from 'node:buffer';
import { atLeast, type KubeVersion } from './api-versions.js';

type Check = (s: string) => boolean;

// govalidator/patterns.go
const CREDIT_CARD = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;
const ISBN10 = /^(?:[0-9]{9}X|[0-9]{10})$/;
const ISBN13 = /^(?:[0-9]{13})$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGBCOLOR = /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
// Unlike Go's base64 decoding of []byte fields, govalidator's IsBase64 needs at least one 4-character group.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
// strfmt/default.go
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
// strfmt/time.go DateTimePattern, matched against the lower-cased text after the first "t".
const TIME_PART = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/u;
// strfmt/kubernetes-extensions.go
const SHORT_NAME = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SHORT_NAME_RE = new RegExp(`^${SHORT_NAME}$`);
const LONG_NAME_RE = new RegExp(`^${SHORT_NAME}(\\.${SHORT_NAME})*$`);

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** govalidator.IsISBN: whitespace and dashes removed, then the ISBN-10 or ISBN-13 checksum. */
function isIsbn(str: string, version: 10 | 13 | 0): boolean {
  const s = str.replace(/[\t\n\v\f\r -]+/g, '');
  const digit = (i: number): number => s.charCodeAt(i) - 48;
  if (version === 10) {
    if (!ISBN10.test(s)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (i + 1) * digit(i);
    sum += s[9] === 'X' ? 100 : 10 * digit(9);
    return sum % 11 === 0;
  }
  if (version === 13) {
    if (!ISBN13.test(s)) return false;
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * digit(i);
    return digit(12) - ((10 - (sum % 10)) % 10) === 0;
  }
  return isIsbn(str, 10) || isIsbn(str, 13);
}

/** govalidator.IsCreditCard: non-digits removed, the issuer pattern, then Luhn's checksum. */
function isCreditCard(str: string): boolean {
  const s = str.replace(/[^0-9]+/g, '');
  if (!CREDIT_CARD.test(s)) return false;
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d >= 10) sum += (d % 10) + 1;
      else sum += d;
    } else sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** strfmt.IsHostname: the pattern, at most 255 bytes, each label at most 63 bytes. */
function isHostname(s: string): boolean {
  if (!HOSTNAME.test(s) || bytes(s) > 255) return false;
  return s.split('.').every((p) => bytes(p) <= 63);
}

/** Go's pre-1.17 IPv4 parser (k8s.io/utils/net ParseIPSloppy): leading zeros allowed, each part <= 255. */
function parseIPv4(s: string, sloppy: boolean): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p) || p.length > 7) return false;
    // Go 1.17+ net.ParseIP rejects "non-zero leading zeros"; the sloppy parser Kubernetes keeps does not.
    if (!sloppy && p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** Go's net.ParseIP for text with a colon: 8 groups of 1-4 hex digits, one `::`, an optional IPv4 tail. */
function parseIPv6(s: string, sloppy: boolean): boolean {
  let groups = 0;
  let ellipsis = false;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = true;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (rest !== '') {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (m === null) return false;
    // An IPv4 tail ("::ffff:1.2.3.4") takes the last two groups.
    if (rest[m[0].length] === '.') {
      if (!ellipsis && groups !== 6) return false;
      if (groups + 2 > 8 || !parseIPv4(rest, sloppy)) return false;
      groups += 2;
      rest = '';
      break;
    }
    groups++;
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return false;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis) return false;
      ellipsis = true;
      rest = rest.slice(1);
      if (rest === '') break;
    }
    if (groups > 8) return false;
  }
  return ellipsis ? groups < 8 : groups === 8;
}

function parseIP(s: string, sloppy: boolean): boolean {
  return s.includes(':') ? parseIPv6(s, sloppy) : parseIPv4(s, sloppy);
}

/** The eight 16-bit groups of a valid IPv6 text. */
function ipv6Groups(s: string): number[] {
  const cut = s.indexOf('::');
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [a * 256 + b, c * 256 + d];
        });
  const head = parse(cut < 0 ? s : s.slice(0, cut));
  const tail = cut < 0 ? [] : parse(s.slice(cut + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * Go's netip.ParseAddr as the CEL ip library uses it (`kubernetes/apiserver:pkg/cel/library/ip.go`,
 * parseIPAddr): no leading zeros in IPv4 parts, no zone, and no IPv4-mapped IPv6 address.
 */
export function parseIPAddr(s: string): boolean {
  if (!parseIP(s, false)) return false;
  if (!s.includes(':')) return true;
  const g = ipv6Groups(s);
  return !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff);
}

/** k8s.io/utils/net ParseCIDRSloppy: an address, a slash, a decimal prefix length within the address size. */
function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!parseIP(addr, true) || !/^[0-9]+$/.test(len) || len.length > 7) return false;
  return Number(len) <= (addr.includes(':') ? 128 : 32);
}

/** Go's net.ParseMAC: 6, 8 or 20 octets as `xx:xx…`, `xx-xx…` or `xxxx.xxxx…`. */
function isMac(s: string): boolean {
  if (s.length < 14) return false;
  const ok = (n: number): boolean => n === 6 || n === 8 || n === 20;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0 || !ok((s.length + 1) / 3)) return false;
    const sep = s[2];
    for (let x = 0; x < s.length; x += 3) {
      if (!/^[0-9a-fA-F]{2}$/.test(s.slice(x, x + 2))) return false;
      if (x + 2 < s.length && s[x + 2] !== sep) return false;
    }
    return true;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0 || !ok((2 * (s.length + 1)) / 5)) return false;
    for (let x = 0; x < s.length; x += 5) {
      if (!/^[0-9a-fA-F]{4}$/.test(s.slice(x, x + 4))) return false;
      if (x + 4 < s.length && s[x + 4] !== '.') return false;
    }
    return true;
  }
  return false;
}

/** Go's time.Parse with layout 2006-01-02: exact digits, a real day of that month. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number;
  return d <= days;
}

/** Seconds since the epoch of a valid `YYYY-MM-DD` date at midnight UTC. */
export function dateSeconds(s: string): bigint | undefined {
  if (!isDate(s)) return undefined;
  return BigInt(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)))) / 1000n;
}

/**
 * strfmt.ParseDateTime: RFC 3339 with optional fractional seconds (time.RFC3339 and its Micro, Millis and Nano
 * variants), or ISO 8601 local time without a zone (read as UTC). Seconds since the epoch and nanoseconds.
 */
export function parseDateTime(s: string): { seconds: bigint; nanos: number } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (m === null) return undefined;
  const day = dateSeconds(m[1] as string);
  const [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (day === undefined || h > 23 || mi > 59 || sec > 59) return undefined;
  const zone = m[6] ?? 'Z';
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  const nanos = m[5] === undefined ? 0 : Number(m[5].padEnd(9, '0'));
  return { seconds: day + BigInt(h * 3600 + mi * 60 + sec - offset), nanos };
}

/** strfmt.IsDateTime, quirks included: split at every "t" of the lower-cased text, hours compared as text. */
function isDateTime(str: string): boolean {
  if (str.length < 4) return false;
  const s = str.toLowerCase().split('t');
  if (s.length < 2 || !isDate(s[0] as string)) return false;
  const m = TIME_PART.exec(s[1] as string);
  if (m === null) return false;
  return (m[1] as string) <= '23' && (m[2] as string) <= '59' && (m[3] as string) <= '59';
}

const GO_UNITS: Readonly<Record<string, bigint>> = { ns: 1n, us: 1000n, '\u00b5s': 1000n, '\u03bcs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** Go's time.ParseDuration in nanoseconds: `[-+]?([0-9]*(\.[0-9]*)?unit)+`, or "0". */
function parseGoDuration(s: string): bigint | undefined {
  const negative = s.startsWith('-');
  let rest = s.replace(/^[-+]/, '');
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/.exec(rest);
    if (m === null) return undefined;
    const whole = m[1] ?? '';
    const frac = m[3] ?? '';
    if (whole === '' && frac === '') return undefined;
    const unit = GO_UNITS[m[4] as string] as bigint;
    // The fraction is scaled by the unit and truncated, as Go does.
    total += BigInt(whole === '' ? '0' : whole) * unit + (frac === '' ? 0n : (BigInt(frac) * unit) / 10n ** BigInt(frac.length));
    rest = rest.slice(m[0].length);
  }
  return negative ? -total : total;
}

const TIME_UNITS: readonly (readonly string[])[] = [['ns', 'nano'], ['us', '\u00b5s', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week']];
const UNIT_NANOS: readonly bigint[] = [1n, 1000n, 1_000_000n, 1_000_000_000n, 60_000_000_000n, 3_600_000_000_000n, 86_400_000_000_000n, 604_800_000_000_000n];

/**
 * strfmt.ParseDuration in nanoseconds: Go's syntax, else the sum of every `<digits> <unit>` found anywhere in
 * the text (Scala's syntax); undefined when neither applies.
 */
export function parseDuration(s: string): bigint | undefined {
  const go = parseGoDuration(s);
  if (go !== undefined) return go;
  let total = 0n;
  let ok = false;
  for (const m of s.matchAll(/((\d+)[\t\n\f\r ]*([A-Za-z\u00b5]+))/g)) {
    const factor = BigInt(m[2] as string);
    // strconv.Atoi fails past int64.
    if (factor > 9223372036854775807n) return undefined;
    const unit = (m[3] as string).toLowerCase().trim();
    TIME_UNITS.forEach((variants, g) => {
      const last = variants.length - 1;
      variants.forEach((v, i) => {
        if ((i === last && unit.startsWith(v)) || v === unit) {
          ok = true;
          total += factor * (UNIT_NANOS[g] as bigint);
        }
      });
    });
  }
  return ok ? total : undefined;
}

const isDuration: Check = (s) => parseDuration(s) !== undefined;

/** mongo-driver ObjectIDFromHex: 24 hex digits. */
const isObjectId: Check = (s) => /^[0-9a-fA-F]{24}$/.test(s);

const HEX = /^[0-9a-fA-F]{2}/;

/** Go's url.unescape: every `%` starts a two-digit hex escape. */
function validEscapes(s: string): boolean {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) if (!HEX.test(s.slice(i + 1, i + 3))) return false;
  return true;
}

/**
 * Go's netip.ParsePrefix as the CEL cidr library uses it (`kubernetes/apiserver:pkg/cel/library/cidr.go`,
 * parseCIDR): a strict address, `/`, a prefix length without leading zeros; no IPv4-mapped IPv6 address.
 */
export function parseCIDRPrefix(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!parseIPAddr(addr) || !/^(0|[1-9][0-9]{0,2})$/.test(bits)) return false;
  return Number(bits) <= (addr.includes(':') ? 128 : 32);
}

/**
 * Go's url.ParseRequestURI (govalidator.IsRequestURI): an absolute URI or an absolute path, no control
 * characters, a valid authority (user info characters, a host without characters Go escapes, a numeric
 * port) and valid percent escapes in the path. The fragment is not split off: `#` is part of the path.
 */
export function isRequestUri(raw: string): boolean {
  // stringContainsCTLByte: bytes below 0x20 and DEL are refused.
  if (raw === '' || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || raw.startsWith(':')) return false;
  // getScheme: a letter, then letters, digits, `+`, `-` or `.`, up to the first colon.
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(raw);
  let rest = scheme === null ? raw : raw.slice(scheme[0].length);
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  // A rootless remainder is an opaque URI ("mailto:x"), valid only with a scheme.
  if (!rest.startsWith('/')) return scheme !== null;
  if (scheme !== null && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    const user = at < 0 ? '' : authority.slice(0, at);
    const host = at < 0 ? authority : authority.slice(at + 1);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(user) || !validEscapes(user)) return false;
    if (!validHost(host)) return false;
  }
  return validEscapes(rest);
}

function validHost(host: string): boolean {
  let name = host;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const port = host.slice(close + 1);
    if (port !== '' && !/^:[0-9]*$/.test(port)) return false;
    name = host.slice(1, close);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      if (!/^:[0-9]*$/.test(host.slice(colon))) return false;
      name = host.slice(0, colon);
    }
  }
  // Go's shouldEscape in host mode: letters, digits and these are kept; anything else ASCII is an error.
  for (const ch of name.replace(/%[0-9a-fA-F]{2}/g, '')) {
    if (ch.charCodeAt(0) >= 0x80) continue;
    if (!/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%]/.test(ch)) return false;
  }
  return validEscapes(name);
}

// net/mail isAtext: these ASCII characters and any non-ASCII rune.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\u{10FFFF}]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const ADDR_SPEC = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const EMAIL = new RegExp(`^\\s*(?:${ADDR_SPEC}|(?:(?:${ATOM}|${QUOTED})(?:\\s+(?:${ATOM}|${QUOTED}))*\\s*)?<${ADDR_SPEC}>)\\s*$`, 'u');

/**
 * Go's net/mail.ParseAddress, in its main shapes: `local@domain` or `Display Name <local@domain>`, the local
 * part a dot-atom or a quoted string, the domain a dot-atom or a literal. Comments (`(...)`) and obsolete
 * syntax that Go also accepts are not; an approximation, the one format that is.
 */
const isEmail: Check = (s) => EMAIL.test(s);

/** Checkers by normalized name (dashes removed), each with the Kubernetes version that introduced it. */
const FORMATS: ReadonlyMap<string, { readonly since: number; readonly check: Check }> = new Map([
  ['bsonobjectid', { since: 0, check: isObjectId }],
  ['uri', { since: 0, check: isRequestUri }],
  ['email', { since: 0, check: isEmail }],
  ['hostname', { since: 0, check: isHostname }],
  ['ipv4', { since: 0, check: (s: string) => parseIP(s, true) && s.includes('.') }],
  ['ipv6', { since: 0, check: (s: string) => parseIP(s, false) && s.includes(':') }],
  ['cidr', { since: 0, check: isCidr }],
  ['mac', { since: 0, check: isMac }],
  ['uuid', { since: 0, check: (s: string) => UUID.test(s) }],
  ['uuid3', { since: 0, check: (s: string) => UUID3.test(s) }],
  ['uuid4', { since: 0, check: (s: string) => UUID4.test(s) }],
  ['uuid5', { since: 0, check: (s: string) => UUID5.test(s) }],
  ['isbn', { since: 0, check: (s: string) => isIsbn(s, 0) }],
  ['isbn10', { since: 0, check: (s: string) => isIsbn(s, 10) }],
  ['isbn13', { since: 0, check: (s: string) => isIsbn(s, 13) }],
  ['creditcard', { since: 0, check: isCreditCard }],
  ['ssn', { since: 0, check: (s: string) => s.length === 11 && SSN.test(s) }],
  ['hexcolor', { since: 0, check: (s: string) => HEXCOLOR.test(s) }],
  ['rgbcolor', { since: 0, check: (s: string) => RGBCOLOR.test(s) }],
  ['byte', { since: 0, check: (s: string) => BASE64.test(s) }],
  ['password', { since: 0, check: () => true }],
  ['date', { since: 0, check: isDate }],
  ['duration', { since: 0, check: isDuration }],
  ['datetime', { since: 0, check: isDateTime }],
  ['k8sshortname', { since: 34, check: (s: string) => bytes(s) <= 63 && SHORT_NAME_RE.test(s) }],
  ['k8slongname', { since: 34, check: (s: string) => bytes(s) <= 253 && LONG_NAME_RE.test(s) }],
]);

/** The ajv format name a CRD format is registered under (kept apart from the bundled schemas' formats). */
export const CRD_FORMAT_PREFIX = 'k8s-crd:';

/**
 * The normalized name of a format the API server checks for a schema of this type at this version, or
 * undefined when the format is stripped (formats.go, `StripUnsupportedFormatsPostProcessorForVersion`).
 */
export function checkedFormat(format: string, type: unknown, kube: KubeVersion): string | undefined {
  if (type !== undefined && type !== 'string') return undefined;
  const name = format.replaceAll('-', '');
  const entry = FORMATS.get(name);
  if (entry === undefined || !atLeast(kube, { major: 1, minor: entry.since })) return undefined;
  return name;
}

/** True when `value` is valid in the (normalized) format `name`; unknown names accept everything. */
export function validFormat(name: string, value: string): boolean {
  return FORMATS.get(name)?.check(value) ?? true;
}

/** Every checked format, as ajv `formats` entries keyed `k8s-crd:<name>`. */
export function crdAjvFormats(): Record<string, Check> {
  const out: Record<string, Check> = {};
  for (const [name, { check }] of FORMATS) out[CRD_FORMAT_PREFIX + name] = check;
  return out;
}
