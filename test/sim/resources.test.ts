import { describe, expect, it } from 'vitest';
import { podAggregate, podNonZeroRequests, hostPortConflicts } from '../../src/sim/scheduler/resources.js';

const c = (name: string, cpu: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, resources: { requests: { cpu } }, ...extra });

describe('PodRequests (component-helpers resource/helpers_test.go TestPodResourceRequests)', () => {
  it('sidecar 1 + container 1 = 2', () => {
    expect(podAggregate({ initContainers: [c('s', '1', { restartPolicy: 'Always' })], containers: [c('a', '1')] }, 'requests').get('cpu')).toBe(2000);
  });
  it('init 5, sidecars 1, 2, 3, container 1 = 7', () => {
    const spec = { initContainers: [c('i', '5'), c('s1', '1', { restartPolicy: 'Always' }), c('s2', '2', { restartPolicy: 'Always' }), c('s3', '3', { restartPolicy: 'Always' })], containers: [c('a', '1')] };
    expect(podAggregate(spec, 'requests').get('cpu')).toBe(7000);
  });
  it('init 5, sidecar 1, sidecar 2, init 5, sidecar 3, container 1 = 8', () => {
    const spec = {
      initContainers: [c('i1', '5'), c('s1', '1', { restartPolicy: 'Always' }), c('s2', '2', { restartPolicy: 'Always' }), c('i2', '5'), c('s3', '3', { restartPolicy: 'Always' })],
      containers: [c('a', '1')],
    };
    expect(podAggregate(spec, 'requests').get('cpu')).toBe(8000);
  });
  it('sidecar 10, init 200, container 100 = 210', () => {
    const spec = { initContainers: [c('s', '10', { restartPolicy: 'Always' }), c('i', '200')], containers: [c('a', '100')] };
    expect(podAggregate(spec, 'requests').get('cpu')).toBe(210000);
  });
  it('fit.go comment example: init 2/1G and 2/3G, containers 2/1G and 1/1G -> cpu 3, memory 3G', () => {
    const r = (cpu: string, memory: string): Record<string, unknown> => ({ name: cpu + memory, resources: { requests: { cpu, memory } } });
    const agg = podAggregate({ initContainers: [r('2', '1G'), r('2', '3G')], containers: [r('2', '1G'), r('1', '1G')] }, 'requests');
    expect(agg.get('cpu')).toBe(3000);
    expect(agg.get('memory')).toBe(3_000_000_000);
  });
  it('adds overhead', () => {
    expect(podAggregate({ containers: [c('a', '1')], overhead: { cpu: '250m' } }, 'requests').get('cpu')).toBe(1250);
  });
  it('counts 100m / 200Mi for containers without requests when scoring (pod_resources.go)', () => {
    expect(podNonZeroRequests({ containers: [{ name: 'a' }, { name: 'b', resources: { requests: { cpu: '1' } } }] })).toEqual({ cpu: 1100, memory: 2 * 200 * 1024 * 1024 });
  });
});

describe('HostPortInfo.CheckConflict', () => {
  it('0.0.0.0 conflicts with any IP on the same protocol and port', () => {
    expect(hostPortConflicts([{ ip: '127.0.0.1', protocol: 'TCP', port: 80 }], [{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }])).toBe(true);
    expect(hostPortConflicts([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }], [{ ip: '10.0.0.1', protocol: 'TCP', port: 80 }])).toBe(true);
  });
  it('different IPs, protocols or ports do not conflict', () => {
    expect(hostPortConflicts([{ ip: '127.0.0.1', protocol: 'TCP', port: 80 }], [{ ip: '127.0.0.2', protocol: 'TCP', port: 80 }])).toBe(false);
    expect(hostPortConflicts([{ ip: '0.0.0.0', protocol: 'UDP', port: 80 }], [{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }])).toBe(false);
  });
});
