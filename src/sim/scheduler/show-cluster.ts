/** `--show-cluster`: the nodes in use as a `v1/List` of Nodes, the shape `--cluster` reads back. */
import { stringify } from 'yaml';
import type { SimNode } from '../types.js';

export function clusterAsList(nodes: readonly SimNode[]): string {
  const items = nodes.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { ...n.labels } },
    spec: {
      podCIDR: n.podCIDR,
      ...(n.taints.length > 0 ? { taints: n.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) } : {}),
      ...(n.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: Object.fromEntries([...n.allocatable].map(([k, q]) => [k, q.toString()])),
      addresses: n.addresses.map((a) => ({ type: a.type, address: a.address })),
    },
  }));
  return stringify({ apiVersion: 'v1', kind: 'List', items });
}
