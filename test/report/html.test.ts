import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { FINDINGS, HOSTILE, ctx } from './fixtures.js';
import { VIEWS } from './html-fixtures.js';

describe('HTML report', () => {
  const html = formatHtml(FINDINGS, ctx(), VIEWS);

  it('is self-contained: no external script, style, image or font is referenced', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    // The CSP forbids any load the page did not inline (https://www.w3.org/TR/CSP3/#directive-default-src).
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; /);
  });

  it('has the summary, findings, nodes, Service map and reachability sections', () => {
    for (const id of ['summary', 'findings', 'nodes', 'services', 'reachability']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('data-rule="service-selector-matches-no-pods"');
    // CPU printed as Kubernetes canonicalises it: 3.5 cores is "3500m" (apimachinery resource.Quantity String()).
    expect(html).toContain('3500m / 4 (88%)');
  });

  it('links findings to file:line relative to the report', () => {
    expect(html).toContain('<a href="manifests/web.yaml">manifests/web.yaml:20:11</a>');
    const elsewhere = formatHtml(FINDINGS, ctx(), {}, { reportDir: '/home/dev/shop/out' });
    expect(elsewhere).toContain('<a href="../manifests/web.yaml">');
  });

  it('escapes manifest values everywhere: no markup, no script, no javascript: links', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const out = formatHtml(
      [
        {
          ...FINDINGS[0]!,
          rule: evil,
          message: HOSTILE,
          resource: `${evil}/Service/${evil}`,
          location: { file: 'javascript:alert(1)//<b>.yaml', line: 1, column: 1, template: evil },
        },
      ],
      ctx(),
      {
        nodes: [{ name: evil, resources: [], pods: [{ namespace: evil, name: evil, ready: false, reason: evil }] }],
        services: [{ namespace: evil, name: evil, type: evil, ports: [evil], routes: [evil] }],
        reachability: { labels: [evil], allowed: [[true]], caption: evil },
      },
      { title: evil },
    );
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('href="javascript:');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(out.match(/<script>/g)).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(formatHtml([...FINDINGS].reverse(), ctx(), VIEWS)).toBe(html);
  });
});
