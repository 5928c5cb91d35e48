import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/report/junit.js';
import { FINDINGS, HOSTILE, ctx } from './fixtures.js';

/** Parses strictly: any well-formedness error throws (xmldom's onError hook). */
function parse(xml: string): Document {
  return new DOMParser({
    onError: (level, msg) => {
      throw new Error(`${level}: ${msg}`);
    },
  }).parseFromString(xml, 'text/xml');
}

function attrs(el: Element, ...names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((n) => [n, el.getAttribute(n)]));
}

describe('JUnit XML', () => {
  const xml = formatJunit(FINDINGS, ctx());
  const doc = parse(xml);

  it('has a testsuite per file and a testcase per object', () => {
    const suites = [...doc.getElementsByTagName('testsuite')];
    expect(suites.map((s) => s.getAttribute('name'))).toEqual([
      '<stdin>',
      'manifests/broken file.yaml',
      'manifests/cart.yaml',
      'manifests/web.yaml',
    ].map((n) => (n === '<stdin>' ? 'pg/templates/statefulset.yaml' : n)).sort());
    const web = suites.find((s) => s.getAttribute('name') === 'manifests/web.yaml')!;
    const cases = [...web.getElementsByTagName('testcase')];
    expect(cases.map((c) => c.getAttribute('name'))).toEqual(['shop/Deployment/web']);
  });

  it('writes one failure per finding, and counts failing test cases on the suite', () => {
    const web = [...doc.getElementsByTagName('testsuite')].find((s) => s.getAttribute('name') === 'manifests/web.yaml')!;
    expect(attrs(web, 'tests', 'failures', 'errors')).toEqual({ tests: '1', failures: '1', errors: '0' });
    const failures = [...web.getElementsByTagName('failure')];
    expect(failures).toHaveLength(1);
    expect(failures[0]!.getAttribute('type')).toBe('container-missing-resources');
    expect(failures[0]!.getAttribute('message')).toBe('container "web" sets no resource requests');
    // The suppressed finding is reported, but not as a failure.
    expect(web.getElementsByTagName('system-out')[0]!.textContent).toContain('suppressed: sidecar injected at admission');
  });

  it('reports unparsable input as an error of the file', () => {
    const broken = [...doc.getElementsByTagName('testsuite')].find((s) => s.getAttribute('name') === 'manifests/broken file.yaml')!;
    expect(attrs(broken, 'tests', 'failures', 'errors')).toEqual({ tests: '1', failures: '0', errors: '1' });
    expect(broken.getElementsByTagName('testcase')[0]!.getAttribute('name')).toBe('(file)');
  });

  it('totals on the root element', () => {
    const root = doc.documentElement!;
    expect(root.tagName).toBe('testsuites');
    expect(attrs(root, 'tests', 'failures', 'errors')).toEqual({ tests: '4', failures: '3', errors: '1' });
  });

  it('lists clean objects from the inventory as passing test cases', () => {
    const out = parse(
      formatJunit([], ctx({ inventory: [{ resource: 'shop/Service/ok', location: { file: 'a.yaml', line: 1, column: 1 } }] })),
    );
    const tc = out.getElementsByTagName('testcase')[0]!;
    expect(tc.getAttribute('name')).toBe('shop/Service/ok');
    expect(tc.childNodes.length).toBe(0);
  });

  it('moves findings below --fail-on out of the failures', () => {
    const out = parse(formatJunit(FINDINGS, ctx({ failOn: 'error' })));
    const types = [...out.getElementsByTagName('failure')].map((f) => f.getAttribute('type'));
    expect(types).not.toContain('service-selector-matches-no-pods');
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    const out = formatJunit([{ ...FINDINGS[0]!, message: HOSTILE + '\ud800', resource: '<x>"&' }], ctx());
    const d = parse(out);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('\u001b');
    const f = d.getElementsByTagName('failure')[0]!;
    expect(f.getAttribute('message')).toContain('<script>alert("x")</script>');
    expect(d.getElementsByTagName('testcase')[0]!.getAttribute('name')).toBe('<x>"&');
  });

  it('is deterministic', () => {
    expect(formatJunit([...FINDINGS].reverse(), ctx())).toBe(xml);
  });
});
