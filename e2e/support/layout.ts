import { expect, test, type Page } from '@playwright/test';

/**
 * The layout check: what axe does not look at, as a person on a phone sees
 * it. On the page as it is now, at its viewport width:
 *
 * - no horizontal overflow: the document is no wider than the viewport;
 * - no text broken one character per line (「ロ/グ/イ/ン」), and no short
 *   label of a button or link (a word of up to six characters, 「ログ/イン」)
 *   broken at all;
 * - interactive targets of at least 24 × 24 CSS px (WCAG 2.2 AA 2.5.8):
 *   a checkbox or radio counts together with its label; a link inline in a
 *   sentence is exempt, as 2.5.8 allows;
 * - text inputs, selects and text areas at a font size of 16 px or more
 *   (iOS Safari zooms into a smaller one on focus).
 *
 * A failure names the page, the width and every element at fault.
 */

export const LAYOUT_WIDTHS = [320, 375, 390, 430, 1280] as const;

/** The smallest target WCAG 2.2 AA (2.5.8) allows, in CSS px. */
export const MIN_TARGET = 24;
/** The smallest font size of a form control that iOS does not zoom into. */
export const MIN_CONTROL_FONT = 16;

export interface LayoutProblem {
  kind: 'overflow' | 'one-char-lines' | 'broken-label' | 'target-size' | 'control-font';
  element: string;
  detail: string;
}

/** Runs in the page: returns every problem found. Self-contained (it is serialized). */
function findLayoutProblems(limits: { minTarget: number; minFont: number }): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const doc = document.documentElement;
  const vw = doc.clientWidth;

  const describe = (el: Element): string => {
    const parts: string[] = [];
    let cur: Element | null = el;
    for (let i = 0; cur && i < 4 && cur !== document.body; i++, cur = cur.parentElement) {
      let s = cur.tagName.toLowerCase();
      if (cur.id) {
        s += `#${cur.id}`;
        parts.unshift(s);
        break;
      }
      const cls = Array.from(cur.classList).slice(0, 2);
      if (cls.length) s += `.${cls.join('.')}`;
      parts.unshift(s);
    }
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const label = el.getAttribute('aria-label') ?? el.getAttribute('name') ?? '';
    return `${parts.join(' > ')}${text ? ` 「${text}」` : label ? ` [${label}]` : ''}`;
  };

  const visible = (el: Element): boolean => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true } as CheckVisibilityOptions)) return false;
    const r = el.getBoundingClientRect();
    // Visually hidden (1 × 1, clipped) text for screen readers only.
    return r.width > 1 || r.height > 1;
  };

  // Elements inside a scroll container scroll there, not the page.
  const clippedByAncestor = (el: Element): boolean => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
    }
    return false;
  };

  // 1. Horizontal overflow.
  if (doc.scrollWidth > vw) {
    const wide = Array.from(document.body.querySelectorAll('*')).filter((el) => {
      if (!visible(el) || clippedByAncestor(el)) return false;
      const r = el.getBoundingClientRect();
      return r.right > vw + 0.5 && r.width > 0;
    });
    // The innermost ones: no other offender inside them.
    const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
    const list = (innermost.length ? innermost : [doc]).slice(0, 5);
    for (const el of list) {
      problems.push({
        kind: 'overflow',
        element: el === doc ? 'html (no single element reaches past the edge)' : describe(el),
        detail:
          el === doc
            ? `document ${doc.scrollWidth}px wide > viewport ${vw}px`
            : `document ${doc.scrollWidth}px wide > viewport ${vw}px; the element's right edge at ${Math.round(el.getBoundingClientRect().right)}px`,
      });
    }
  }

  const inSentence = (el: Element): boolean => {
    if (getComputedStyle(el).display !== 'inline') return false;
    // The nearest block-level ancestor holds other text besides the link.
    let block: Element | null = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    const own = (el.textContent ?? '').replace(/\s+/g, '');
    const all = (block.textContent ?? '').replace(/\s+/g, '');
    return all.length > own.length;
  };

  // 2. Text broken one character per line.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent ?? '';
    const chars = Array.from(text).filter((c) => !/\s/.test(c));
    if (chars.length < 2) continue;
    const parent = n.parentElement;
    if (!parent || seen.has(parent) || !visible(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const lineTops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lineTops.size < 2 || (chars.length / lineTops.size >= 2 && chars.length > 6)) continue;
    // Count characters per line, one by one.
    const perLine = new Map<number, number>();
    let offset = 0;
    for (const c of Array.from(text)) {
      const len = c.length;
      if (!/\s/.test(c)) {
        range.setStart(n, offset);
        range.setEnd(n, offset + len);
        const r = range.getClientRects()[0];
        if (r && r.width > 0) perLine.set(Math.round(r.top), (perLine.get(Math.round(r.top)) ?? 0) + 1);
      }
      offset += len;
    }
    const lines = perLine.size;
    if (lines >= 2 && chars.length <= 6 && parent.closest('a[href], button')) {
      const label = parent.closest('a[href], button') as Element;
      const whole = (label.textContent ?? '').replace(/\s+/g, '') === chars.join('');
      // A link in a sentence may wrap with it, as the sentence does.
      if (whole && !(label.tagName === 'A' && inSentence(label))) {
        seen.add(parent);
        problems.push({ kind: 'broken-label', element: describe(label), detail: `a label of ${chars.length} characters on ${lines} lines` });
        continue;
      }
    }
    const oneEach = lines >= 2 && Array.from(perLine.values()).every((k) => k <= 1);
    if (!oneEach) continue;
    // Two characters on two lines may be the end of one line and the start
    // of the next; flag them only in a box narrower than three characters.
    if (chars.length === 2) {
      const fs = parseFloat(getComputedStyle(parent).fontSize);
      if (parent.getBoundingClientRect().width >= 3 * fs) continue;
    }
    seen.add(parent);
    problems.push({ kind: 'one-char-lines', element: describe(parent), detail: `${chars.length} characters on ${lines} lines` });
  }

  // 3. Target size (2.5.8), with the label of a checkbox or radio.
  const labelRect = (input: HTMLInputElement): DOMRect | null => {
    const label = input.closest('label') ?? (input.labels && input.labels[0]) ?? null;
    return label && visible(label) ? label.getBoundingClientRect() : null;
  };
  const targets = document.body.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=tab]',
  );
  for (const el of Array.from(targets)) {
    if (!visible(el)) continue;
    let r = el.getBoundingClientRect();
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      const lr = labelRect(el);
      if (lr) {
        const left = Math.min(r.left, lr.left);
        const top = Math.min(r.top, lr.top);
        r = new DOMRect(left, top, Math.max(r.right, lr.right) - left, Math.max(r.bottom, lr.bottom) - top);
      }
    }
    if (r.width >= limits.minTarget - 0.01 && r.height >= limits.minTarget - 0.01) continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    problems.push({
      kind: 'target-size',
      element: describe(el),
      detail: `${r.width.toFixed(1)} × ${r.height.toFixed(1)} px < ${limits.minTarget} × ${limits.minTarget}`,
    });
  }

  // 4. Font size of text controls.
  const controls = document.body.querySelectorAll('input, select, textarea');
  for (const el of Array.from(controls)) {
    if (el instanceof HTMLInputElement && ['hidden', 'checkbox', 'radio', 'submit', 'button', 'reset', 'image', 'file', 'range', 'color'].includes(el.type)) {
      continue;
    }
    if (!visible(el)) continue;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    if (fs < limits.minFont - 0.01) {
      problems.push({ kind: 'control-font', element: describe(el), detail: `font-size ${fs}px < ${limits.minFont}px` });
    }
  }
  return problems;
}

/** The problems the layout check finds on the page as it is now. */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(findLayoutProblems, { minTarget: MIN_TARGET, minFont: MIN_CONTROL_FONT });
}

/**
 * Fails with a readable list when the page, at its current width, has any
 * layout problem. `what` names the page (e.g. "求職活動状況").
 */
export async function expectGoodLayout(page: Page, what?: string): Promise<void> {
  const width = page.viewportSize()?.width ?? (await page.evaluate(() => window.innerWidth));
  const label = `${what ? `${what} (${page.url()})` : page.url()} at ${width}px`;
  await test.step(`layout: ${label}`, async () => {
    const problems = await layoutProblems(page);
    const report = problems.map((p) => `${p.kind}: ${p.element} — ${p.detail}`);
    expect(report, `layout check found ${report.length} problem(s) on ${label}:\n  ${report.join('\n  ')}`).toEqual([]);
  });
}
