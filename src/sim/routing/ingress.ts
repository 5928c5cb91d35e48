/**
 * Ingress routing: the networking.k8s.io/v1 object model (with the legacy extensions/v1beta1 and
 * networking.k8s.io/v1beta1 shapes converted to it), IngressClass resolution, and the request matcher.
 *
 * The API fixes host matching, path matching and precedence within one Ingress
 * (kubernetes/api:networking/v1/types.go IngressRule.Host, HTTPIngressPath.PathType; website
 * concepts/services-networking/ingress.md "Path types", "Multiple matches", "Hostname wildcards"). It leaves
 * the rest to the controller; this module follows ingress-nginx where it must choose, and says so:
 * - an exact host beats a wildcard host, which beats rules without host (nginx server_name order);
 * - across Ingresses for one host, the longest path wins, Exact before Prefix at equal length, then the
 *   oldest Ingress (creationTimestamp, then namespace/name) — ingress-nginx "the oldest rule wins";
 * - `ImplementationSpecific` is matched as `Prefix`, except with ingress-nginx's
 *   `nginx.ingress.kubernetes.io/use-regex: "true"`, where the path is a case-insensitive regular
 *   expression anchored at the start (nginx `location ~*`);
 * - a host whose rules match no path gets the defaultBackend of an Ingress claiming that host, else the
 *   controller's own default backend (404).
 */
import type { JsonPointer } from '../../model/location.js';
import type { Resource } from '../../model/resource.js';
import { asArray, asObjects, asString, asStringMap, get } from '../../model/guards.js';
import { ingressBackends } from '../../model/references.js';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressBackendSpec {
  readonly serviceName?: string;
  /** Port number or name, as the backend gives it. */
  readonly port?: number | string;
  /** `resource` backends (TypedLocalObjectReference) are not routed by the dry run. */
  readonly resource?: { readonly kind: string; readonly name: string };
  readonly pointer: JsonPointer;
}

export interface IngressPath {
  readonly ingress: SimIngress;
  /** Lower-case rule host; undefined for rules without host. */
  readonly host?: string;
  readonly path: string;
  /** The path as written (legacy empty paths are matched as `/`). */
  readonly rawPath: string;
  readonly pathType: PathType;
  /** The path is matched as a regular expression (ingress-nginx use-regex). */
  readonly regex: boolean;
  readonly backend: IngressBackendSpec;
  readonly pointer: JsonPointer;
}

export interface SimIngress {
  readonly resource: Resource;
  readonly namespace: string;
  readonly name: string;
  /** Effective class: spec.ingressClassName, else the kubernetes.io/ingress.class annotation, else the default class. */
  readonly className?: string;
  readonly classSource: 'spec' | 'annotation' | 'default' | 'none';
  /** False when the class is not among the input's IngressClasses (only decided when the input has some). */
  readonly served: boolean;
  readonly legacy: boolean;
  readonly defaultBackend?: IngressBackendSpec;
  readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName?: string; readonly pointer: JsonPointer }[];
  readonly paths: readonly IngressPath[];
  /** Rule hosts with the pointer of each rule. */
  readonly hosts: readonly { readonly host?: string; readonly pointer: JsonPointer }[];
  readonly creationTimestamp?: string;
  /** status.loadBalancer.ingress addresses (IPs and hostnames). */
  readonly addresses: readonly string[];
}

export interface SimIngressClass {
  readonly name: string;
  readonly controller?: string;
  readonly isDefault: boolean;
  readonly resource: Resource;
}

export interface IngressSet {
  readonly ingresses: readonly SimIngress[];
  readonly classes: readonly SimIngressClass[];
}

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const USE_REGEX_ANNOTATION = 'nginx.ingress.kubernetes.io/use-regex';

/** Reads the Ingresses and IngressClasses of the input. */
export function normalizeIngresses(resources: readonly Resource[]): IngressSet {
  const classes: SimIngressClass[] = resources
    .filter((r) => r.kind === 'IngressClass')
    .map((r) => {
      const controller = asString(get(r.raw, 'spec', 'controller'));
      return { name: r.name, ...(controller ? { controller } : {}), isDefault: asStringMap(get(r.raw, 'metadata', 'annotations'))[DEFAULT_CLASS_ANNOTATION] === 'true', resource: r };
    })
    .sort((a, b) => cmp(a.name, b.name));
  const known = new Set(classes.map((c) => c.name));
  const defaults = classes.filter((c) => c.isDefault);
  const ingresses: SimIngress[] = [];
  for (const r of resources) {
    if (r.kind !== 'Ingress' || r.namespace === undefined) continue;
    ingresses.push(normalizeOne(r, known, defaults.length === 1 ? defaults[0]?.name : undefined, classes.length > 0));
  }
  ingresses.sort(compareIngressAge);
  return { ingresses, classes };
}

function normalizeOne(r: Resource, known: ReadonlySet<string>, defaultClass: string | undefined, haveClasses: boolean): SimIngress {
  const annotations = asStringMap(get(r.raw, 'metadata', 'annotations'));
  const specClass = asString(get(r.raw, 'spec', 'ingressClassName'));
  const annClass = annotations[LEGACY_CLASS_ANNOTATION];
  let className: string | undefined;
  let classSource: SimIngress['classSource'] = 'none';
  if (specClass) {
    className = specClass;
    classSource = 'spec';
  } else if (annClass) {
    className = annClass;
    classSource = 'annotation';
  } else if (defaultClass) {
    // Admission defaults ingressClassName from the single default IngressClass.
    className = defaultClass;
    classSource = 'default';
  }
  // Unknown classes are only decidable when the input declares IngressClasses at all; the legacy annotation
  // names a controller's class string, which need not be an IngressClass object.
  const served = !haveClasses || className === undefined || classSource === 'annotation' || known.has(className);
  const legacy = r.group === 'extensions' || (r.group === 'networking.k8s.io' && r.version === 'v1beta1');
  const byPointer = new Map(ingressBackends(r).map((b) => [b.backendPointer, b]));
  const backendAt = (pointer: JsonPointer): IngressBackendSpec | undefined => {
    const ref = byPointer.get(pointer);
    if (ref) return { serviceName: ref.service, ...(ref.port !== undefined ? { port: ref.port } : {}), pointer: ref.pointer };
    const res = get(r.raw, ...pointer.slice(1).split('/'), 'resource');
    const kind = asString(get(res, 'kind'));
    const name = asString(get(res, 'name'));
    if (kind && name) return { resource: { kind, name }, pointer: `${pointer}/resource` };
    return undefined;
  };
  const useRegex = annotations[USE_REGEX_ANNOTATION] === 'true';
  const defaultBackend = backendAt('/spec/defaultBackend') ?? backendAt('/spec/backend');
  const tls = asObjects(get(r.raw, 'spec', 'tls')).map((t, i) => {
    const secretName = asString(t.secretName);
    return { hosts: asArray(t.hosts).filter((h): h is string => typeof h === 'string'), ...(secretName ? { secretName } : {}), pointer: `/spec/tls/${i}` };
  });
  const addresses = asObjects(get(r.raw, 'status', 'loadBalancer', 'ingress'))
    .map((x) => asString(x.ip) ?? asString(x.hostname))
    .filter((x): x is string => x !== undefined);
  const creationTimestamp = asString(get(r.raw, 'metadata', 'creationTimestamp'));
  const paths: IngressPath[] = [];
  const hosts: { host?: string; pointer: JsonPointer }[] = [];
  const ing: SimIngress = {
    resource: r,
    namespace: r.namespace as string,
    name: r.name,
    ...(className ? { className } : {}),
    classSource,
    served,
    legacy,
    ...(defaultBackend ? { defaultBackend } : {}),
    tls,
    paths,
    hosts,
    ...(creationTimestamp ? { creationTimestamp } : {}),
    addresses,
  };
  asArray(get(r.raw, 'spec', 'rules')).forEach((rule, i) => {
    const host = asString(get(rule, 'host'))?.toLowerCase();
    hosts.push({ ...(host ? { host } : {}), pointer: `/spec/rules/${i}` });
    asArray(get(rule, 'http', 'paths')).forEach((p, j) => {
      const pointer = `/spec/rules/${i}/http/paths/${j}`;
      const backend = backendAt(`${pointer}/backend`);
      if (!backend) return;
      const declared = asString(get(p, 'pathType'));
      // v1beta1: pathType optional, defaulting to ImplementationSpecific; an empty path matched all paths.
      const pathType: PathType = declared === 'Exact' || declared === 'Prefix' ? declared : 'ImplementationSpecific';
      const rawPath = asString(get(p, 'path')) ?? '';
      const path = rawPath === '' && pathType === 'ImplementationSpecific' ? '/' : rawPath;
      paths.push({ ingress: ing, ...(host ? { host } : {}), path, rawPath, pathType, regex: useRegex && pathType === 'ImplementationSpecific', backend, pointer });
    });
  });
  return ing;
}

/** Oldest first: creationTimestamp (absent = newest), then namespace/name. */
export function compareIngressAge(a: SimIngress, b: SimIngress): number {
  const ta = a.creationTimestamp ?? '\uffff';
  const tb = b.creationTimestamp ?? '\uffff';
  return cmp(ta, tb) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

// ---------------------------------------------------------------------------------------------------------
// Matching

/**
 * IngressRule.Host: exact (case-insensitive), or `*.suffix` where `*` stands for exactly one DNS label
 * (`*.foo.com` matches `bar.foo.com`, not `baz.bar.foo.com` nor `foo.com`).
 */
export function hostMatches(ruleHost: string, requestHost: string): boolean {
  const rh = ruleHost.toLowerCase();
  const q = requestHost.toLowerCase();
  if (!rh.startsWith('*.')) return rh === q;
  const dot = q.indexOf('.');
  return dot > 0 && q.slice(dot + 1) === rh.slice(2);
}

/** Path elements for Prefix matching: split on `/`, empty elements dropped (so trailing `/` is ignored). */
function elements(p: string): string[] {
  return p.split('/').filter((e) => e !== '');
}

/**
 * PathTypeExact: case-sensitive equality. PathTypePrefix: element-wise prefix on `/`-separated elements
 * (`/foo/bar` matches `/foo/bar/baz`, not `/foo/barbaz`; `/` matches everything).
 */
export function pathMatches(p: Pick<IngressPath, 'path' | 'pathType' | 'regex'>, requestPath: string): boolean {
  if (p.pathType === 'Exact') return p.path === requestPath;
  if (p.regex) {
    try {
      return new RegExp('^(?:' + p.path + ')', 'i').test(requestPath);
    } catch {
      return false;
    }
  }
  const rule = elements(p.path);
  const req = elements(requestPath);
  if (rule.length > req.length) return false;
  for (let i = 0; i < rule.length; i++) if (rule[i] !== req[i]) return false;
  return true;
}

export type HostMatchKind = 'exact' | 'wildcard' | 'any';

export interface IngressMatch {
  /** The path that decides, when one matches. */
  readonly path?: IngressPath;
  /** The defaultBackend used when no path matched (and the Ingress that gave it). */
  readonly defaultBackend?: { readonly ingress: SimIngress; readonly backend: IngressBackendSpec };
  readonly hostKind?: HostMatchKind;
  /** Other paths that match equally well in other Ingresses: the API leaves the choice to the controller. */
  readonly ties: readonly IngressPath[];
  /** Every path that matched, best first. */
  readonly candidates: readonly IngressPath[];
  /** Ingresses skipped because nothing serves their class. */
  readonly unserved: readonly SimIngress[];
}

/** Strips the port and a trailing dot from a Host header. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h; // IPv6 literal: left alone.
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.replace(/\.$/, '');
}

/** Routes one request (Host header, URL path) through every served Ingress. */
export function matchIngress(set: IngressSet, host: string, requestPath: string): IngressMatch {
  const h = normalizeHost(host);
  const served = set.ingresses.filter((i) => i.served);
  const unserved = set.ingresses.filter((i) => !i.served);
  const all = served.flatMap((i) => i.paths);
  const exact = all.filter((p) => p.host !== undefined && !p.host.startsWith('*.') && p.host === h);
  const wild = all.filter((p) => p.host !== undefined && p.host.startsWith('*.') && hostMatches(p.host, h));
  const any = all.filter((p) => p.host === undefined);
  // A host is claimed by the first group that has rules for it, even when none of its paths match.
  const claimedBy = (kind: HostMatchKind): SimIngress[] => {
    if (kind === 'any') return served;
    const hostOf = (x: { host?: string }): boolean => x.host !== undefined && (kind === 'exact' ? x.host === h : x.host.startsWith('*.') && hostMatches(x.host, h));
    return served.filter((i) => i.hosts.some(hostOf));
  };
  const groups: [HostMatchKind, IngressPath[]][] = [
    ['exact', exact],
    ['wildcard', wild],
    ['any', any],
  ];
  for (const [kind, paths] of groups) {
    const owners = claimedBy(kind);
    if (kind !== 'any' && owners.length === 0) continue;
    const candidates = paths.filter((p) => pathMatches(p, requestPath)).sort(comparePrecedence);
    const best = candidates[0];
    if (best) {
      const ties = candidates.filter((c) => c !== best && c.ingress !== best.ingress && c.path === best.path && c.pathType === best.pathType && c.host === best.host);
      return { path: best, hostKind: kind, ties, candidates, unserved };
    }
    const withDefault = owners.find((i) => i.defaultBackend !== undefined);
    if (withDefault?.defaultBackend) return { defaultBackend: { ingress: withDefault, backend: withDefault.defaultBackend }, hostKind: kind, ties: [], candidates: [], unserved };
    if (kind !== 'any') return { hostKind: kind, ties: [], candidates: [], unserved };
  }
  return { ties: [], candidates: [], unserved };
}

/** Longest path first; Exact before Prefix at equal length (website "Multiple matches"); then oldest Ingress. */
export function comparePrecedence(a: IngressPath, b: IngressPath): number {
  if (a.path.length !== b.path.length) return b.path.length - a.path.length;
  const ea = a.pathType === 'Exact' ? 0 : 1;
  const eb = b.pathType === 'Exact' ? 0 : 1;
  if (ea !== eb) return ea - eb;
  return compareIngressAge(a.ingress, b.ingress) || cmp(a.pointer, b.pointer);
}

// ---------------------------------------------------------------------------------------------------------
// Validation the API server would do (kubernetes/kubernetes:pkg/apis/networking/validation/validation.go)

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** validateIngressPath: messages as the API server words them; empty when valid. */
export function validateIngressPath(path: string, pathType: PathType): string[] {
  const errs: string[] = [];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!path.startsWith('/')) errs.push('must be an absolute path');
    if (path.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) errs.push(`must not contain '${seq}'`);
      for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) errs.push(`cannot end with '${suf}'`);
    }
  } else if (path.length > 0 && !path.startsWith('/')) {
    errs.push('must be an absolute path');
  }
  return errs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
