/** Namespaces of the dry run: the input's, plus the four every cluster has, labelled as the API server does. */
import type { Labels } from '../model/kinds.js';
import { asStringMap, get } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { SimNamespace } from './types.js';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function namespacesOf(model: Model): Map<string, SimNamespace> {
  const names = new Set<string>([...SYSTEM_NAMESPACES, ...model.namespaceNames]);
  for (const r of model.byKind('Namespace')) names.add(r.name);
  const out = new Map<string, SimNamespace>();
  for (const name of [...names].sort()) {
    const r = model.find('Namespace', undefined, name);
    // The NamespaceDefaultLabelName admission sets kubernetes.io/metadata.name to the name (KEP-2161).
    const labels: Labels = { ...asStringMap(get(r?.raw, 'metadata', 'labels')), 'kubernetes.io/metadata.name': name };
    out.set(name, { name, labels, resource: r });
  }
  return out;
}
