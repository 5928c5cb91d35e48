/**
 * kube-proxy's chain names: a prefix plus the first 16 characters of base32(sha256(input)).
 * Mirrors kubernetes/kubernetes:pkg/proxy/iptables/proxier.go (portProtoHash,
 * servicePortEndpointChainName). The same hash names the nftables proxier's per-service chains.
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's base32.StdEncoding) of the first 10 bytes: exactly 16 characters, no padding. */
function base32Of10(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    buffer = ((buffer << 8) | (bytes[i] ?? 0)) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** `base32(sha256(s))[:16]`. */
export function hash16(s: string): string {
  return base32Of10(createHash('sha256').update(s, 'utf8').digest());
}

/** portProtoHash: the per-service-port hash (servicePortName + lower-case protocol). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

export const chainPrefix = {
  svc: 'KUBE-SVC-',
  svl: 'KUBE-SVL-',
  ext: 'KUBE-EXT-',
  fw: 'KUBE-FW-',
  sep: 'KUBE-SEP-',
} as const;

export function serviceChainNames(servicePortName: string, protocol: string): { svc: string; svl: string; ext: string; fw: string } {
  const h = portProtoHash(servicePortName, protocol);
  return { svc: chainPrefix.svc + h, svl: chainPrefix.svl + h, ext: chainPrefix.ext + h, fw: chainPrefix.fw + h };
}

/** servicePortEndpointChainName: `KUBE-SEP-` + hash(servicePortName + protocol + "ip:port"). */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return chainPrefix.sep + hash16(servicePortName + protocol + endpoint);
}
