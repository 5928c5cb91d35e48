/** IPVS mode (placeholder until implemented). */
import type { ProxyConfig } from './config.js';
import type { ProxyInputs } from './model.js';

export function ipvsRules(_inputs: ProxyInputs, _config: ProxyConfig): { text: string } {
  return { text: '' };
}
