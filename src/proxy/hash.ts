/**
 * kube-proxy's chain names: a prefix plus the first 16 characters of base32(sha256(input)).
 * Mirrors kubernetes/kubernetes:pkg/proxy/iptables/proxier.go (portProtoHash,
 * servicePortEndpointChainName). The same hash names the nftables proxier's per-service chains.
 */
import * as crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// crypto.hash (Node >= 20.12) is a one-shot digest, about a third cheaper than createHash().update().digest()
// for short inputs; a 10k-Service sync hashes some 60k names. Older Node 20 releases fall back.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Uint8Array }).hash;

/** sha256 of the UTF-8 bytes of `s`. */
export function sha256(s: string): Uint8Array {
  return oneShot ? oneShot('sha256', s, 'buffer') : crypto.createHash('sha256').update(s, 'utf8').digest();
}

/** RFC 4648 base32 (Go's base32.StdEncoding) of the first `n` bytes, `n` a multiple of 5: no padding. */
export function base32(bytes: Uint8Array, n: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    buffer = ((buffer << 8) | (bytes[i] ?? 0)) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** `base32(sha256(s))[:16]`: the first 10 digest bytes. */
export function hash16(s: string): string {
  return base32(sha256(s), 10);
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
