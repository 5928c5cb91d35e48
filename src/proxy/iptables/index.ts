/** iptables mode: kube-proxy's restore payload for one node, in the upstream tests' normal form. */
import type { ProxyConfig } from '../config.js';
import type { IPFamily } from '../ip.js';
import type { ProxyServicePort, ProxyInputs } from '../model.js';
import { buildServicePorts, familyOfNode, localDetector, nodeIPOf, nodePortAddresses } from '../model.js';
import { normalFormOf } from './dump.js';
import type { RestorePayload } from './rules.js';
import { buildIptablesPayload } from './rules.js';

export interface IptablesResult {
  readonly family: IPFamily;
  readonly servicePorts: readonly ProxyServicePort[];
  /** The payload in kube-proxy's write order. */
  readonly payload: RestorePayload;
  /** The payload text in the normal form of upstream's sortIPTablesRules. */
  readonly text: string;
}

/** Computes what kube-proxy's iptables proxier writes (full sync) on `inputs.node`. */
export function iptablesRules(inputs: ProxyInputs, config: ProxyConfig): IptablesResult {
  const family = config.family ?? familyOfNode(inputs.node);
  const servicePorts = buildServicePorts(inputs, family);
  const payload = buildIptablesPayload(servicePorts, {
    family,
    config,
    nodeIP: nodeIPOf(inputs.node, family),
    detector: localDetector(config, inputs.node, family),
    nodePorts: nodePortAddresses(config.nodePortAddresses, inputs.node, family),
  });
  const text = normalFormOf(payload.tables);
  return { family, servicePorts, payload, text };
}
