import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expectGoodLayout } from './layout';
import { newContextLike } from './ui';

/** The WCAG 2.1 A and AA rules of axe-core. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeCheckOptions {
  /**
   * The page's context has javaScriptEnabled: false. axe needs timers, which
   * do not run there, so axe checks a twin instead: a page of a
   * JavaScript-enabled context of this browser, like the project's (same
   * viewport and device), that gets the very DOM of the checked page, at its
   * URL, with every script request refused. The twin therefore shows exactly
   * what a visitor without JavaScript sees.
   */
  noJavaScriptTwin?: Browser;
}

/** What one axe run brings back: every violation in full, and how many rules passed, were incomplete or did not apply. */
interface Scan {
  violations: Result[];
  passes: number;
  incomplete: number;
  inapplicable: number;
}

/**
 * axe-core's minified build (the same code as axe.source, 650 kB instead of
 * 1.5 MB: putting it into a page takes half the time), set up as
 * @axe-core/playwright sets it up.
 */
const axeScript = `${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}
;axe.configure({ allowedOrigins: ['<same_origin>'], branding: { application: 'playwright' } });`;

/** window.axe, once axe-core is in the page. */
type InPage = { axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> } };

/**
 * axe-core's own run (axe.run, every rule of WCAG_TAGS, all result types) in
 * the page itself, as @axe-core/playwright's legacy mode does, without its
 * per-call costs: axe-core is put into a document once (a document scanned
 * again after an htmx swap or an opened menu keeps it), and no blank page is
 * opened to assemble the result. axe checks exactly the same; only the
 * violations, which the report reads, come back in full — the passes, the
 * incomplete and the inapplicable rules are counted in the page (they are
 * most of the result's size: up to half a megabyte on 求人検索).
 */
async function analyze(page: Page): Promise<Scan> {
  const run = (tags: string[]) => {
    const a = (window as unknown as InPage).axe;
    if (typeof a?.run !== 'function') return null;
    return a.run(document, { runOnly: { type: 'tag', values: tags } }).then((results) => ({
      violations: results.violations,
      passes: results.passes.length,
      incomplete: results.incomplete.length,
      inapplicable: results.inapplicable.length,
    }));
  };
  const scan = await page.evaluate(run, WCAG_TAGS);
  if (scan) return scan;
  await page.evaluate(axeScript);
  const first = await page.evaluate(run, WCAG_TAGS);
  expect(first, `axe-core in ${page.url()}`).not.toBeNull();
  return first!;
}

/**
 * The twin of each project in this worker: one context and one page, reused
 * by every check without JavaScript (the page fetches nothing of its own:
 * its document comes from the checked page, its scripts are refused).
 */
const twins = new Map<string, Promise<{ context: BrowserContext; page: Page; target: { url: string; html: string } }>>();

function twinOf(browser: Browser) {
  const key = test.info().project.name;
  let twin = twins.get(key);
  if (!twin) {
    twin = (async () => {
      const context = await newContextLike(browser, test.info(), {});
      const page = await context.newPage();
      const target = { url: '', html: '' };
      await page.route('**/*', async (route) => {
        const req = route.request();
        if (req.isNavigationRequest() && req.url() === target.url) {
          await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: target.html });
        } else if (req.resourceType() === 'script') {
          await route.abort();
        } else {
          await route.continue();
        }
      });
      return { context, page, target };
    })();
    twin.catch(() => twins.delete(key));
    twins.set(key, twin);
  }
  return twin;
}

async function analyzeTwin(page: Page, browser: Browser): Promise<Scan> {
  const twin = await twinOf(browser);
  twin.target.url = page.url();
  twin.target.html = await page.content();
  await twin.page.goto(twin.target.url);
  return analyze(twin.page);
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
      // axe ran its rules: a run that checked nothing would pass anything.
      expect(results.passes + results.violations.length, `axe ran no rule on ${label}`).toBeGreaterThan(0);
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
