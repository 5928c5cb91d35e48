/**
 * Where pod specs live in each kind: the one table that rules (target aliases) and the dry run share.
 * Pointers are JSON Pointers relative to the object root.
 */

export interface PodTemplateLocation {
  /** Pointer to the PodTemplateSpec (metadata + spec); for a bare Pod, the object root. */
  readonly template: string;
  /** Pointer to the PodSpec. */
  readonly spec: string;
}

/** Kinds that own a pod template, keyed by kind (group-agnostic, as legacy groups carry the same shapes). */
export const POD_TEMPLATE_LOCATIONS: Readonly<Record<string, PodTemplateLocation>> = {
  Pod: { template: '', spec: '/spec' },
  PodTemplate: { template: '/template', spec: '/template/spec' },
  Deployment: { template: '/spec/template', spec: '/spec/template/spec' },
  ReplicaSet: { template: '/spec/template', spec: '/spec/template/spec' },
  ReplicationController: { template: '/spec/template', spec: '/spec/template/spec' },
  StatefulSet: { template: '/spec/template', spec: '/spec/template/spec' },
  DaemonSet: { template: '/spec/template', spec: '/spec/template/spec' },
  Job: { template: '/spec/template', spec: '/spec/template/spec' },
  CronJob: { template: '/spec/jobTemplate/spec/template', spec: '/spec/jobTemplate/spec/template/spec' },
};

/** Workload kinds: controllers that make pods (a bare Pod is its own workload). */
export const WORKLOAD_KINDS: readonly string[] = [
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
];

/** The lists of containers inside a PodSpec, with the name Kubernetes uses in messages. */
export const CONTAINER_LISTS: readonly { readonly field: 'containers' | 'initContainers' | 'ephemeralContainers' }[] = [
  { field: 'initContainers' },
  { field: 'containers' },
  { field: 'ephemeralContainers' },
];

/** Pointer to the selector of a workload kind (`/spec/selector`), if the kind has one. */
export function workloadSelectorPointer(kind: string): string | undefined {
  return kind === 'CronJob' ? '/spec/jobTemplate/spec/selector' : WORKLOAD_KINDS.includes(kind) ? '/spec/selector' : undefined;
}
