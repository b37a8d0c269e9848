import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { createHash } from 'node:crypto';
import { expectGoodLayout } from './layout';

/** The WCAG 2.1 A and AA rules of axe-core. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeCheckOptions {
  /**
   * The page's context has javaScriptEnabled: false. axe needs timers, which
   * do not run there, so axe checks a twin instead: a page of the given
   * JavaScript-enabled context (same viewport and device) that gets the very
   * DOM of the checked page, at its URL, with every script request refused.
   * The twin therefore shows exactly what a visitor without JavaScript sees.
   */
  noJavaScriptTwin?: () => Promise<BrowserContext>;
}

async function analyze(page: Page): Promise<AxeResults> {
  return new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
}

async function analyzeTwin(page: Page, newContext: () => Promise<BrowserContext>): Promise<AxeResults> {
  const url = page.url();
  const html = await page.content();
  const context = await newContext();
  try {
    const twin = await context.newPage();
    await twin.route('**/*', async (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.url() === url) {
        await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      } else if (req.resourceType() === 'script') {
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await twin.goto(url);
    return await analyze(twin);
  } finally {
    await context.close();
  }
}

/**
 * Runs axe on the page as it is now, then the layout check of ./layout
 * (overflow, one character per line, target size, control font size), and fails with a readable list (rule id,
 * impact, help, every failing target) when there is any violation.
 * `what` names the state in the report, e.g. "ホーム" or "メニュー open".
 */
/**
 * The states this worker has seen axe pass, by stateKey. axe's result is a
 * function of the DOM, the styles and the viewport, so a state identical to
 * one that passed passes again: the signed-out screens, which every journey
 * passes through, are checked once per worker instead of once per journey.
 */
const passed = new Set<string>();

/**
 * What axe's result depends on: the project (viewport, device, media
 * queries), whether scripts run, the URL, the element with focus, the
 * scroll position, the form controls' values and the whole DOM as it is
 * now.
 */
async function stateKey(page: Page, noJavaScript: boolean): Promise<string> {
  const state = await page.evaluate(() => {
    const path = (el: Element | null): string => {
      const parts: string[] = [];
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        parts.unshift(`${e.tagName}:${Array.prototype.indexOf.call(e.parentElement?.children ?? [], e)}`);
      }
      return parts.join('/');
    };
    // What the DOM's markup does not show: the form controls' live state.
    const controls = Array.from(document.querySelectorAll('input, select, textarea'), (c) => {
      const f = c as HTMLInputElement;
      return `${f.value}|${f.checked}`;
    });
    return { focus: path(document.activeElement), x: window.scrollX, y: window.scrollY, controls, html: document.documentElement.outerHTML };
  });
  return createHash('sha256')
    .update(JSON.stringify([test.info().project.name, noJavaScript, page.url(), page.viewportSize(), state]))
    .digest('hex');
}

export async function expectNoAxeViolations(page: Page, what?: string, options: AxeCheckOptions = {}): Promise<void> {
  const label = what ? `${what} (${page.url()})` : page.url();
  const key = await stateKey(page, !!options.noJavaScriptTwin);
  if (passed.has(key)) {
    await test.step(`axe: ${label} — the same state passed before in this worker`, async () => {});
  } else {
    await test.step(`axe: ${label}`, async () => {
      const results = options.noJavaScriptTwin ? await analyzeTwin(page, options.noJavaScriptTwin) : await analyze(page);
      const report = results.violations.map((v) => {
        const nodes = v.nodes
          .map((n) => {
            const why = (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
            return `    - ${n.target.join(' >>> ')}${why ? `\n      ${why}` : ''}`;
          })
          .join('\n');
        return `${v.id} [${v.impact ?? 'n/a'}] ${v.help}\n    ${v.helpUrl}\n${nodes}`;
      });
      expect(report, `axe found ${report.length} WCAG 2.1 A/AA violation(s) on ${label}:\n${report.join('\n')}`).toEqual([]);
      passed.add(key);
    });
  }
  // What axe does not look at: the layout at the project's width.
  await expectGoodLayout(page, what);
}
