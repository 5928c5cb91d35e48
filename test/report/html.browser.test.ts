/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (which never downloads a
 * browser: `executablePath` points at the system one). Checks the page loads with no console error (a CSP
 * violation would be one), that the filters work by clicking, and keeps a screenshot in test-artifacts/.
 * Skips, saying why, when chromium is missing (.ci/apt-packages installs it on CI).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { ROOT } from '../cli/helpers.js';
import { FINDINGS, ctx } from './fixtures.js';
import { VIEWS } from './html-fixtures.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
const executablePath = CANDIDATES.find((p) => existsSync(p));
if (!executablePath) console.warn('SKIPPED HTML browser test: no chromium found (Debian package: chromium; .ci/apt-packages)');

describe.skipIf(!executablePath)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
    browser = await chromium.launch({ executablePath: executablePath as string, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, formatHtml(FINDINGS, ctx(), VIEWS, { title: 'shop report' }));
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const visibleRows = (): Promise<number> => page.locator('tr.finding:not(.hidden)').count();

  it('loads with no console error, no page error and no network request', async () => {
    expect(await page.title()).toBe('shop report');
    expect(await page.locator('#nodes .node').count()).toBe(2);
    expect(await page.locator('#reachability td.allow').count()).toBe(5);
    expect(problems).toEqual([]);
  });

  it('filters by severity, rule and namespace when the user picks them', async () => {
    // Suppressed findings start hidden: 4 of 5 rows.
    expect(await visibleRows()).toBe(4);
    await page.locator('#filter-severity').selectOption('error');
    expect(await visibleRows()).toBe(2);
    await page.locator('#filter-namespace').selectOption('shop');
    expect(await visibleRows()).toBe(1);
    await page.locator('#filter-suppressed').click();
    expect(await visibleRows()).toBe(2);
    await page.locator('#filter-severity').selectOption('');
    await page.locator('#filter-namespace').selectOption('');
    await page.locator('#filter-rule').selectOption('yaml-syntax');
    expect(await visibleRows()).toBe(1);
    expect(await page.locator('#visible-count').textContent()).toBe('1 of 5 shown');
    await page.locator('#filter-rule').selectOption('');
    expect(await visibleRows()).toBe(5);
    expect(problems).toEqual([]);
  });

  it('keeps a screenshot as a test artifact', async () => {
    const out = join(ROOT, 'test-artifacts');
    mkdirSync(out, { recursive: true });
    const png = join(out, 'html-report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(existsSync(png)).toBe(true);
  });
});
