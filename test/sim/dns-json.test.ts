/** `dns --output json` and `route --output json` against their documented schemas (schemas/cli/*.schema.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildDnsData, lookup, lookupToJson } from '../../src/sim/dns/index.js';
import { buildRoutingContext, parseSource, parseTarget, routingTable, traceRoute, traceToJson } from '../../src/sim/routing/index.js';
import type { RouteSource, RouteTarget } from '../../src/sim/routing/index.js';
import { deriveEndpoints } from '../../src/sim/endpoints.js';
import { corednsFixture } from './dns-fixture.js';
import { namespaces, node, pod, service } from './services-builder.js';

const root = join(import.meta.dirname, '..', '..');
const compile = (file: string): ReturnType<Ajv['compile']> => new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(root, 'schemas/cli', file), 'utf8')) as object);

describe('JSON output contracts', () => {
  it('dns: plain, negative and --from answers validate', () => {
    const validate = compile('dns.schema.json');
    const data = buildDnsData(corednsFixture());
    const client = pod({ name: 'c', namespace: 'testns', ip: '10.244.0.9', node: 'n1' });
    for (const l of [lookup(data, 'svc1.testns.svc.cluster.local'), lookup(data, 'nothere.testns.svc.cluster.local'), lookup(data, 'svc1', { from: client }), lookup(data, '_http._tcp.hdls1.testns.svc.cluster.local', { type: 'SRV' })]) {
      const json = lookupToJson(l);
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(lookupToJson(lookup(data, 'svc1', { from: client }))).toMatchObject({ answeredBy: 'svc1.testns.svc.cluster.local.', answer: ['svc1.testns.svc.cluster.local. 30 IN A 10.0.0.1'] });
  });

  it('route: a trace and the table validate', () => {
    const validate = compile('route.schema.json');
    const nodes = [node('n1', '192.168.0.1')];
    const pods = [pod({ name: 'w', labels: { app: 'w' }, ip: '10.244.0.2', node: 'n1', ports: [{ name: 'http', containerPort: 80 }] })];
    const services = [service({ name: 'w', type: 'NodePort', selector: { app: 'w' }, clusterIP: '10.96.0.9', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] })];
    const ctx = buildRoutingContext({ services, endpointSlices: deriveEndpoints({ services, pods, nodes }).endpointSlices, nodes, pods, resources: [] });
    const trace = traceToJson(traceRoute(ctx, parseTarget('n1:30080') as RouteTarget, parseSource('external', pods) as RouteSource, { dns: buildDnsData({ services, endpointSlices: [], pods, namespaces: namespaces('default') }) }));
    expect(validate(trace), JSON.stringify(validate.errors)).toBe(true);
    expect(trace.outcome).toBe('delivered');
    expect(validate({ schemaVersion: 1, entries: routingTable(ctx) }), JSON.stringify(validate.errors)).toBe(true);
  });
});
