/**
 * The Pod Security Standards controls, with Pod Security Admission's semantics
 * (kubernetes/kubernetes:staging/src/k8s.io/pod-security-admission/policy/check_*.go): which fields each
 * control reads, what it allows, and the reason/detail wording PSA prints. Checks visit every container
 * list (containers, initContainers, ephemeralContainers), as PSA's visitContainers does.
 */
import { CONTAINER_LISTS } from '../../model/aliases.js';
import { asArray, asString, asStringMap, isObject, type JsonObject } from '../../model/guards.js';
import { getAt } from '../pointer.js';
import type { Report, TargetNode } from '../types.js';
import { defineFunction, noReports } from './define.js';

export const PSS_CONTROLS = [
  'hostProcess',
  'hostNamespaces',
  'privileged',
  'capabilities_baseline',
  'hostPathVolumes',
  'hostPorts',
  'hostProbesAndHostLifecycle',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'seccompProfile_baseline',
  'sysctls',
  'restrictedVolumes',
  'allowPrivilegeEscalation',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile_restricted',
  'capabilities_restricted',
] as const;
export type PssControl = (typeof PSS_CONTROLS)[number];

interface Violation {
  readonly reason: string;
  readonly detail: string;
  readonly pointer: string;
}

interface C {
  readonly name: string;
  readonly pointer: string;
  readonly value: JsonObject;
}

function containers(spec: JsonObject, base: string): C[] {
  const out: C[] = [];
  for (const { field } of CONTAINER_LISTS) {
    asArray(spec[field]).forEach((c, i) => {
      if (isObject(c)) out.push({ name: asString(c['name']) ?? String(i), pointer: `${base}/${field}/${i}`, value: c });
    });
  }
  return out;
}

const quote = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
const plural = (one: string, many: string, n: number): string => (n === 1 ? one : many);

/** Baseline capabilities: the container runtime's default set (check_capabilities_baseline.go). */
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
/** Safe sysctls (check_sysctls.go, 1.27 and 1.29 additions included). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
/** Volume types the restricted profile allows (check_restrictedVolumes.go). */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'image']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function isWindows(spec: JsonObject): boolean {
  // Restricted checks that do not apply to Windows pods skip pods with spec.os.name=windows (PSA 1.25+).
  return getAt(spec, '/os/name') === 'windows';
}

function check(control: PssControl, spec: JsonObject, base: string, meta: unknown): Violation | undefined {
  const cs = containers(spec, base);
  const sc = (c: C, path: string): unknown => getAt(c.value, '/securityContext' + path);
  const podSc = (path: string): unknown => getAt(spec, '/securityContext' + path);
  switch (control) {
    case 'hostProcess': {
      const bad = cs.filter((c) => sc(c, '/windowsOptions/hostProcess') === true);
      const pod = podSc('/windowsOptions/hostProcess') === true;
      if (!pod && bad.length === 0) return undefined;
      const who = [pod ? 'pod' : '', bad.length > 0 ? `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))}` : ''].filter(Boolean).join(' and ');
      return { reason: 'hostProcess', detail: `${who} must not set securityContext.windowsOptions.hostProcess=true`, pointer: pod ? `${base}/securityContext/windowsOptions/hostProcess` : `${bad[0]?.pointer}/securityContext/windowsOptions/hostProcess` };
    }
    case 'hostNamespaces': {
      const set = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => spec[f] === true);
      if (set.length === 0) return undefined;
      return { reason: 'host namespaces', detail: set.map((f) => `${f}=true`).join(', '), pointer: `${base}/${set[0]}` };
    }
    case 'privileged': {
      const bad = cs.filter((c) => sc(c, '/privileged') === true);
      if (bad.length === 0) return undefined;
      return { reason: 'privileged', detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} must not set securityContext.privileged=true`, pointer: `${bad[0]?.pointer}/securityContext/privileged` };
    }
    case 'capabilities_baseline': {
      const badCaps = new Set<string>();
      const bad = cs.filter((c) => {
        const add = asArray(sc(c, '/capabilities/add')).filter((x): x is string => typeof x === 'string' && !BASELINE_CAPS.has(x));
        add.forEach((x) => badCaps.add(x));
        return add.length > 0;
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'non-default capabilities',
        detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} must not include ${quote([...badCaps].sort())} in securityContext.capabilities.add`,
        pointer: `${bad[0]?.pointer}/securityContext/capabilities/add`,
      };
    }
    case 'hostPathVolumes': {
      const vols = asArray(spec['volumes']).map((v, i) => ({ v, i })).filter(({ v }) => isObject(getAt(v, '/hostPath')));
      if (vols.length === 0) return undefined;
      const names = vols.map(({ v, i }) => asString(getAt(v, '/name')) ?? String(i));
      return { reason: 'hostPath volumes', detail: `${plural('volume', 'volumes', names.length)} ${quote(names)}`, pointer: `${base}/volumes/${vols[0]?.i}/hostPath` };
    }
    case 'hostPorts': {
      const ports: string[] = [];
      let first = '';
      const bad = cs.filter((c) => {
        let hit = false;
        asArray(c.value['ports']).forEach((p, i) => {
          const hp = getAt(p, '/hostPort');
          if (typeof hp === 'number' && hp !== 0) {
            ports.push(String(hp));
            if (first === '') first = `${c.pointer}/ports/${i}/hostPort`;
            hit = true;
          }
        });
        return hit;
      });
      if (bad.length === 0) return undefined;
      return { reason: 'hostPort', detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`, pointer: first };
    }
    case 'hostProbesAndHostLifecycle': {
      const hosts = new Set<string>();
      let first = '';
      const bad = cs.filter((c) => {
        let hit = false;
        for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle/postStart', 'lifecycle/preStop']) {
          for (const h of ['httpGet', 'tcpSocket']) {
            const host = getAt(c.value, `/${p}/${h}/host`);
            if (typeof host === 'string' && host !== '') {
              hosts.add(host);
              if (first === '') first = `${c.pointer}/${p}/${h}/host`;
              hit = true;
            }
          }
        }
        return hit;
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'probe or lifecycle host',
        detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} ${plural('uses', 'use', bad.length)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${quote([...hosts].sort())}`,
        pointer: first,
      };
    }
    case 'appArmorProfile': {
      const bad: string[] = [];
      let first = '';
      if (podSc('/appArmorProfile/type') === 'Unconfined') {
        bad.push('pod');
        first = `${base}/securityContext/appArmorProfile/type`;
      }
      for (const c of cs) {
        if (sc(c, '/appArmorProfile/type') === 'Unconfined') {
          bad.push(`container "${c.name}"`);
          if (first === '') first = `${c.pointer}/securityContext/appArmorProfile/type`;
        }
      }
      // The beta annotations: values must be runtime/default or localhost/* (check_appArmorProfile.go).
      for (const [k, v] of Object.entries(asStringMap(getAt(meta, '/annotations')))) {
        if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !v.startsWith('localhost/')) {
          bad.push(`${k}="${v}"`);
          if (first === '') first = base.replace(/\/spec$/, '') + '/metadata/annotations';
        }
      }
      if (bad.length === 0) return undefined;
      return { reason: 'forbidden AppArmor profile', detail: bad.join(', '), pointer: first };
    }
    case 'seLinuxOptions': {
      const bad: string[] = [];
      let first = '';
      const judge = (opts: unknown, who: string, ptr: string): void => {
        if (!isObject(opts)) return;
        const type = opts['type'];
        if ((type !== undefined && !(typeof type === 'string' && SELINUX_TYPES.has(type))) || (opts['user'] ?? '') !== '' || (opts['role'] ?? '') !== '') {
          bad.push(who);
          if (first === '') first = ptr;
        }
      };
      judge(podSc('/seLinuxOptions'), 'pod', `${base}/securityContext/seLinuxOptions`);
      for (const c of cs) judge(sc(c, '/seLinuxOptions'), `container "${c.name}"`, `${c.pointer}/securityContext/seLinuxOptions`);
      if (bad.length === 0) return undefined;
      return { reason: 'seLinuxOptions', detail: `${bad.join(', ')} set forbidden securityContext.seLinuxOptions: type must be container_t, container_init_t, container_kvm_t or container_engine_t; user and role must be empty`, pointer: first };
    }
    case 'procMount': {
      const bad = cs.filter((c) => {
        const pm = sc(c, '/procMount');
        return pm !== undefined && pm !== 'Default';
      });
      if (bad.length === 0) return undefined;
      return { reason: 'procMount', detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} must not set securityContext.procMount to ${quote([...new Set(bad.map((c) => String(sc(c, '/procMount'))))])}`, pointer: `${bad[0]?.pointer}/securityContext/procMount` };
    }
    case 'seccompProfile_baseline': {
      const bad: string[] = [];
      let first = '';
      if (podSc('/seccompProfile/type') === 'Unconfined') {
        bad.push('pod');
        first = `${base}/securityContext/seccompProfile/type`;
      }
      for (const c of cs)
        if (sc(c, '/seccompProfile/type') === 'Unconfined') {
          bad.push(`container "${c.name}"`);
          if (first === '') first = `${c.pointer}/securityContext/seccompProfile/type`;
        }
      if (bad.length === 0) return undefined;
      return { reason: 'seccompProfile', detail: `${bad.join(' and ')} must not set securityContext.seccompProfile.type to "Unconfined"`, pointer: first };
    }
    case 'sysctls': {
      const list = asArray(podSc('/sysctls'));
      const bad = list.map((s, i) => ({ n: asString(getAt(s, '/name')), i })).filter((x) => x.n !== undefined && !SAFE_SYSCTLS.has(x.n));
      if (bad.length === 0) return undefined;
      return { reason: 'forbidden sysctls', detail: bad.map((x) => x.n).join(', '), pointer: `${base}/securityContext/sysctls/${bad[0]?.i}/name` };
    }
    case 'restrictedVolumes': {
      const bad: { name: string; type: string; i: number }[] = [];
      asArray(spec['volumes']).forEach((v, i) => {
        if (!isObject(v)) return;
        for (const k of Object.keys(v)) if (k !== 'name' && !RESTRICTED_VOLUMES.has(k)) bad.push({ name: asString(v['name']) ?? String(i), type: k, i });
      });
      if (bad.length === 0) return undefined;
      return {
        reason: 'restricted volume types',
        detail: `${plural('volume', 'volumes', bad.length)} ${quote(bad.map((b) => b.name))} ${plural('uses', 'use', bad.length)} restricted volume ${plural('type', 'types', new Set(bad.map((b) => b.type)).size)} ${quote([...new Set(bad.map((b) => b.type))].sort())}`,
        pointer: `${base}/volumes/${bad[0]?.i}`,
      };
    }
    case 'allowPrivilegeEscalation': {
      if (isWindows(spec)) return undefined;
      const bad = cs.filter((c) => sc(c, '/allowPrivilegeEscalation') !== false);
      if (bad.length === 0) return undefined;
      return { reason: 'allowPrivilegeEscalation != false', detail: `${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`, pointer: bad[0]?.pointer ?? base };
    }
    case 'runAsNonRoot': {
      // Pod-level true covers containers that leave it unset; an explicit false anywhere fails (check_runAsNonRoot.go).
      const pod = podSc('/runAsNonRoot');
      const explicitFalse = cs.filter((c) => sc(c, '/runAsNonRoot') === false);
      const unset = cs.filter((c) => sc(c, '/runAsNonRoot') === undefined);
      if (pod === false) return { reason: 'runAsNonRoot != true', detail: 'pod must not set securityContext.runAsNonRoot=false', pointer: `${base}/securityContext/runAsNonRoot` };
      if (explicitFalse.length > 0) return { reason: 'runAsNonRoot != true', detail: `${plural('container', 'containers', explicitFalse.length)} ${quote(explicitFalse.map((c) => c.name))} must not set securityContext.runAsNonRoot=false`, pointer: `${explicitFalse[0]?.pointer}/securityContext/runAsNonRoot` };
      if (pod !== true && unset.length > 0)
        return { reason: 'runAsNonRoot != true', detail: `pod or ${plural('container', 'containers', unset.length)} ${quote(unset.map((c) => c.name))} must set securityContext.runAsNonRoot=true`, pointer: unset[0]?.pointer ?? base };
      return undefined;
    }
    case 'runAsUser': {
      const bad: string[] = [];
      let first = '';
      if (podSc('/runAsUser') === 0) {
        bad.push('pod');
        first = `${base}/securityContext/runAsUser`;
      }
      for (const c of cs)
        if (sc(c, '/runAsUser') === 0) {
          bad.push(`container "${c.name}"`);
          if (first === '') first = `${c.pointer}/securityContext/runAsUser`;
        }
      if (bad.length === 0) return undefined;
      return { reason: 'runAsUser=0', detail: `${bad.join(' and ')} must not set runAsUser=0`, pointer: first };
    }
    case 'seccompProfile_restricted': {
      if (isWindows(spec)) return undefined;
      const ok = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
      const podType = podSc('/seccompProfile/type');
      const bad = cs.filter((c) => {
        const t = sc(c, '/seccompProfile/type');
        return t === undefined ? !ok(podType) : !ok(t);
      });
      if (podType !== undefined && !ok(podType))
        return { reason: 'seccompProfile', detail: `pod must not set securityContext.seccompProfile.type to "${String(podType)}"`, pointer: `${base}/securityContext/seccompProfile/type` };
      if (bad.length === 0) return undefined;
      return { reason: 'seccompProfile', detail: `pod or ${plural('container', 'containers', bad.length)} ${quote(bad.map((c) => c.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`, pointer: bad[0]?.pointer ?? base };
    }
    case 'capabilities_restricted': {
      if (isWindows(spec)) return undefined;
      const noDrop = cs.filter((c) => !asArray(sc(c, '/capabilities/drop')).includes('ALL'));
      const badAdd = new Set<string>();
      const adding = cs.filter((c) => {
        const add = asArray(sc(c, '/capabilities/add')).filter((x): x is string => typeof x === 'string' && x !== 'NET_BIND_SERVICE');
        add.forEach((x) => badAdd.add(x));
        return add.length > 0;
      });
      if (noDrop.length === 0 && adding.length === 0) return undefined;
      const parts: string[] = [];
      if (noDrop.length > 0) parts.push(`${plural('container', 'containers', noDrop.length)} ${quote(noDrop.map((c) => c.name))} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.length > 0) parts.push(`${plural('container', 'containers', adding.length)} ${quote(adding.map((c) => c.name))} must not include ${quote([...badAdd].sort())} in securityContext.capabilities.add`);
      return { reason: 'unrestricted capabilities', detail: parts.join('; '), pointer: (noDrop[0] ?? adding[0])?.pointer ?? base };
    }
  }
}

export const podSecurity = defineFunction<{ control: PssControl }>({
  name: 'pod-security',
  description: 'One Pod Security Standards control, with Pod Security Admission semantics (target: PodSpec).',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['control'],
    properties: { control: { enum: [...PSS_CONTROLS] } },
  },
  messageIds: ['violation'],
  scope: 'node',
  run(node: TargetNode, options) {
    if (!isObject(node.value)) return noReports;
    const metaPtr = node.pointer.replace(/\/spec$/, '') + '/metadata';
    const v = check(options.control, node.value, node.pointer, getAt(node.resource.raw, metaPtr));
    if (v === undefined) return noReports;
    const report: Report = { messageId: 'violation', pointer: v.pointer, data: { ...node.data, reason: v.reason, detail: v.detail } };
    return [report];
  },
});
