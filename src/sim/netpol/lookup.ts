/** Small lookups shared by queries: the class of an IP, the port class of a (protocol, port). */
import type { ClassMatrix } from './engine.js';
import { classAllowed } from './engine.js';
import { parseIp } from './ip.js';
import type { Universe } from './universe.js';
import { atomIndexOf } from './universe.js';

/** Class id of the external atom holding `ip`, or -1. */
export function externalClassOf(u: Universe, ip: string): number {
  const addr = parseIp(ip);
  if (!addr) return -1;
  const atom = atomIndexOf(u.ipAtoms, addr);
  return atom < 0 ? -1 : (u.externalClasses[atom]?.id ?? -1);
}

/** Index of the port atom holding (protocol, port), or -1 (other protocols, out-of-range ports). */
export function portAtomOf(u: Universe, protocol: string, port: number): number {
  return u.portAtoms.findIndex((a) => a.protocol === protocol && a.lo <= port && port <= a.hi);
}

/** Matrix answer for two classes on one protocol/port (false for protocols NetworkPolicy does not cover). */
export function classAllowedOn(m: ClassMatrix, s: number, d: number, protocol: string, port: number): boolean {
  const atom = portAtomOf(m.universe, protocol, port);
  if (atom < 0) return false;
  return classAllowed(m, s, d, m.portClassOfAtom[atom] as number);
}

/** Matrix answer for two pods (by index): a pod may always reach itself (network-policies.md). */
export function podAllowedOn(m: ClassMatrix, srcPod: number, dstPod: number, protocol: string, port: number): boolean {
  if (srcPod === dstPod) return true;
  const u = m.universe;
  return classAllowedOn(m, u.classOfPod[srcPod] as number, u.classOfPod[dstPod] as number, protocol, port);
}
