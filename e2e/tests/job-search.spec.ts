import { type Page, type Request } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import { ActivityPage } from '../support/pages';
import { expectNoAxeViolations } from '../support/axe';
import { kaigoJob } from '../support/seekers';
import { definition, isSameDocument, markDocument, newContextLike, press } from '../support/ui';

function results(page: Page) {
  const region = page.getByRole('region', { name: '検索結果' });
  return {
    region,
    count: region.getByRole('status'),
    cards: region.getByRole('article'),
    pager: region.getByRole('navigation', { name: 'ページ送り' }),
  };
}

function searchForm(page: Page) {
  const form = page.getByRole('search', { name: '求人検索' });
  return {
    form,
    keyword: form.getByLabel('キーワード', { exact: true }),
    pref: form.getByLabel('就業場所（都道府県）'),
    submit: form.getByRole('button', { name: '検索' }),
  };
}

async function markStatus(page: Page): Promise<void> {
  await results(page).count.evaluate((el) => {
    (el as HTMLElement & { __e2eStatus?: boolean }).__e2eStatus = true;
  });
}

async function isMarkedStatus(page: Page): Promise<boolean> {
  return results(page).count.evaluate((el) => (el as HTMLElement & { __e2eStatus?: boolean }).__e2eStatus === true);
}

const isJobsRequest = (r: Request) => new URL(r.url()).pathname === '/jobs' && r.method() === 'GET';

test.describe('求人検索', () => {
  test('search narrows the results in place, pages, and opens the detail', async ({ page }, testInfo) => {
    // Many pages and states, each scanned with axe: more than the
    // default minute when the suite's workers share a busy machine.
    test.setTimeout(120_000 * slow);
    await page.goto('/jobs');
    await expect(page.getByRole('heading', { level: 1, name: '求人検索' })).toBeVisible();
    await expect(results(page).count).toHaveText('30件中 1～30件を表示');
    await expect(results(page).cards).toHaveCount(30);
    await expectNoAxeViolations(page, '求人検索');
    // htmx is loaded and enhances the form.
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
    await markDocument(page);
    // The result count is a status message (WCAG 4.1.3): a screen reader
    // announces a change of an existing live region, not a new one. So the
    // swap must keep the role=status element and change its text.
    await markStatus(page);

    await test.step('keyword 介護: results swapped in place, URL pushed', async () => {
      const { keyword, submit } = searchForm(page);
      await keyword.fill('介護');
      const req = page.waitForRequest(isJobsRequest);
      await press(submit, testInfo);
      const r = await req;
      expect(r.headers()['hx-request'], 'the search is an htmx request').toBe('true');
      await expect(results(page).count).toHaveText('2件中 1～2件を表示');
      await expect(page).toHaveURL((u) => u.pathname === '/jobs' && u.searchParams.get('q') === '介護');
      expect(await isSameDocument(page), 'no full page load').toBe(true);
      expect(await isMarkedStatus(page), 'the live region is the same element, so its new text is announced').toBe(true);
      await expectNoAxeViolations(page, '求人検索 介護');
    });

    await test.step('and 東京都: one job, the form stays as typed', async () => {
      const { keyword, pref, submit } = searchForm(page);
      await pref.selectOption('東京都');
      const req = page.waitForRequest(isJobsRequest);
      await press(submit, testInfo);
      expect((await req).headers()['hx-request']).toBe('true');
      await expect(results(page).count).toHaveText('1件中 1～1件を表示');
      await expect(results(page).cards).toHaveCount(1);
      await expect(results(page).cards.getByRole('heading', { name: kaigoJob.title })).toBeVisible();
      await expect(results(page).pager).toHaveCount(0);
      await expect(page).toHaveURL(
        (u) => u.pathname === '/jobs' && u.searchParams.get('q') === '介護' && u.searchParams.get('pref') === '東京都',
      );
      expect(await isSameDocument(page), 'no full page load').toBe(true);
      await expect(keyword).toHaveValue('介護');
      await expect(pref).toHaveValue('東京都');
      await expect(page.getByRole('heading', { level: 1, name: '求人検索' })).toHaveCount(1);
      await expect(page.getByRole('search')).toHaveCount(1);
      await expectNoAxeViolations(page, '求人検索 介護 東京都');

      // The pushed URL is a full page of the same results.
      await page.reload();
      expect(await isSameDocument(page), 'reloaded').toBe(false);
      await expect(results(page).count).toHaveText('1件中 1～1件を表示');
      await expect(searchForm(page).keyword).toHaveValue('介護');
      await expect(searchForm(page).pref).toHaveValue('東京都');
      await expectNoAxeViolations(page, '求人検索 介護 東京都 (reloaded)');
    });

    await test.step('the detail of 13010-28573041 shows the fields of the screenshot', async () => {
      await press(results(page).cards.getByRole('link', { name: kaigoJob.title }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === `/jobs/${kaigoJob.id}`);
      const detail = page.getByRole('article');
      await expect(detail.getByRole('heading', { level: 1, name: kaigoJob.title })).toBeVisible();
      await expect(detail.getByText(kaigoJob.company)).toBeVisible();
      await expect(definition(detail, '求人番号')).toHaveText(kaigoJob.id);
      for (const [term, value] of Object.entries(kaigoJob.fields)) {
        await expect(definition(detail, term), term).toHaveText(value);
      }
      await expectNoAxeViolations(page, '求人詳細');
      await page.getByRole('link', { name: '求人検索へ戻る' }).click();
      await expect(page).toHaveURL((u) => u.pathname === '/jobs' && u.search === '');
      await expectNoAxeViolations(page, '求人検索 (back from the detail)');
    });

    await test.step('paging: 10件 a page, 次へ shows 11～20 in place, 前へ and Back go back', async () => {
      await expect(results(page).count).toHaveText('30件中 1～30件を表示');
      await markDocument(page);
      await markStatus(page);
      // Changing a criterion searches at once (active search).
      await searchForm(page).form.getByLabel('表示件数').selectOption('10');
      await expect(results(page).count).toHaveText('30件中 1～10件を表示');
      await expect(page).toHaveURL((u) => u.searchParams.get('per') === '10');
      const { pager } = results(page);
      await expect(pager.getByText('1 / 3 ページ')).toBeVisible();
      await expect(pager.getByRole('link', { name: '前へ' })).toHaveCount(0);
      const firstPage = await results(page).cards.getByRole('heading').allTextContents();

      // By keyboard: focus stays on 次へ across the swap.
      const req = page.waitForRequest(isJobsRequest);
      await pager.getByRole('link', { name: '次へ' }).focus();
      await page.keyboard.press('Enter');
      expect((await req).headers()['hx-request']).toBe('true');
      await expect(results(page).count).toHaveText('30件中 11～20件を表示');
      await expect(pager.getByRole('link', { name: '次へ' }), 'keyboard focus survives the swap').toBeFocused();
      expect(await isMarkedStatus(page), 'the live region is the same element, so its new text is announced').toBe(true);
      await expect(page).toHaveURL((u) => u.pathname === '/jobs' && u.searchParams.get('page') === '2');
      await expect(results(page).cards).toHaveCount(10);
      await expect(pager.getByText('2 / 3 ページ')).toBeVisible();
      const secondPage = await results(page).cards.getByRole('heading').allTextContents();
      expect(secondPage.filter((t) => firstPage.includes(t)), 'pages do not overlap').toEqual([]);
      expect(await isSameDocument(page), 'no full page load').toBe(true);
      await expectNoAxeViolations(page, '求人検索 2ページ');

      await press(pager.getByRole('link', { name: '次へ' }), testInfo);
      await expect(results(page).count).toHaveText('30件中 21～30件を表示');
      await expect(pager.getByRole('link', { name: '次へ' })).toHaveCount(0);
      await expectNoAxeViolations(page, '求人検索 3ページ');

      await press(pager.getByRole('link', { name: '前へ' }), testInfo);
      await expect(results(page).count).toHaveText('30件中 11～20件を表示');
      await expect(page).toHaveURL((u) => u.searchParams.get('page') === '2');
      await expectNoAxeViolations(page, '求人検索 2ページ (前へ)');

      await page.goBack();
      await expect(page).toHaveURL((u) => u.searchParams.get('page') === '3');
      await expect(results(page).count).toHaveText('30件中 21～30件を表示');
      await expectNoAxeViolations(page, '求人検索 3ページ (Back)');
    });
  });

  test('without JavaScript the same search works as full pages', async ({ browser }, testInfo) => {
    const context = await newContextLike(browser, testInfo, { javaScriptEnabled: false });
    const noJS = { noJavaScriptTwin: browser };
    try {
      const page = await context.newPage();
      await page.goto('/jobs');
      await expect(results(page).count).toHaveText('30件中 1～30件を表示');
      await expectNoAxeViolations(page, '求人検索 (no JS)', noJS);

      const { keyword, pref, submit } = searchForm(page);
      await keyword.fill('介護');
      await pref.selectOption('東京都');
      const req = page.waitForRequest(isJobsRequest);
      await press(submit, testInfo);
      const r = await req;
      expect(r.headers()['hx-request'], 'a plain GET').toBeUndefined();
      expect(r.isNavigationRequest(), 'a full page load').toBe(true);
      await expect(page).toHaveURL(
        (u) => u.pathname === '/jobs' && u.searchParams.get('q') === '介護' && u.searchParams.get('pref') === '東京都',
      );
      await expect(results(page).count).toHaveText('1件中 1～1件を表示');
      await expect(results(page).cards.getByRole('heading', { name: kaigoJob.title })).toBeVisible();
      await expect(searchForm(page).keyword).toHaveValue('介護');
      await expect(searchForm(page).pref).toHaveValue('東京都');
      await expectNoAxeViolations(page, '求人検索 介護 東京都 (no JS)', noJS);

      await press(results(page).cards.getByRole('link', { name: kaigoJob.title }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === `/jobs/${kaigoJob.id}`);
      await expect(definition(page.getByRole('article'), '求人番号')).toHaveText(kaigoJob.id);
      await expect(definition(page.getByRole('article'), '賃金（手当等を含む）')).toHaveText(kaigoJob.fields['賃金（手当等を含む）']);
      await expectNoAxeViolations(page, '求人詳細 (no JS)', noJS);

      await page.goto('/jobs?per=10');
      const next = page.waitForRequest(isJobsRequest);
      await press(results(page).pager.getByRole('link', { name: '次へ' }), testInfo);
      expect((await next).isNavigationRequest()).toBe(true);
      await expect(page).toHaveURL((u) => u.searchParams.get('page') === '2');
      await expect(results(page).count).toHaveText('30件中 11～20件を表示');
      await expectNoAxeViolations(page, '求人検索 2ページ (no JS)', noJS);
    } finally {
      await context.close();
    }
  });

  test('two words and a prefecture, narrowed by wage, paged and sorted by links; the posting opened and applied to', async ({ page, seeker }, testInfo) => {
    void seeker; // signed in as a seeker of the test's own
    test.setTimeout(120_000 * slow);
    await page.goto('/jobs');
    const { form, keyword, pref } = searchForm(page);

    await test.step('10件 a page, 次へ, then 賃金の高い順: links, the criteria kept', async () => {
      await form.getByLabel('表示件数').selectOption('10');
      await expect(results(page).count).toHaveText('30件中 1～10件を表示');
      await press(results(page).pager.getByRole('link', { name: '次へ' }), testInfo);
      await expect(results(page).count).toHaveText('30件中 11～20件を表示');
      await press(results(page).region.getByRole('navigation', { name: '並び順' }).getByRole('link', { name: '賃金の高い順' }), testInfo);
      await expect(results(page).count).toHaveText('30件中 1～10件を表示');
      await expect(page).toHaveURL((u) => u.searchParams.get('sort') === 'wage' && u.searchParams.get('per') === '10' && !u.searchParams.has('page'));
      await expect(results(page).cards.first().getByRole('heading')).toHaveText('プログラマー');
      await expectNoAxeViolations(page, '求人検索 賃金の高い順');
    });

    await test.step('賃金の高い順 without 求人区分 compares 時給 and 月給 on a monthly basis (時給 × 173)', async () => {
      await press(results(page).pager.getByRole('link', { name: '次へ' }), testInfo);
      await expect(results(page).count).toHaveText('30件中 11～20件を表示');
      await expect(page).toHaveURL((u) => u.searchParams.get('sort') === 'wage' && u.searchParams.get('page') === '2');
      // 時給 1,450円 is 250,850円 a month: after 月給 260,000円, before 月給 250,000円.
      await expect(results(page).cards.nth(3).getByRole('heading')).toHaveText('ホールスタッフ・調理補助');
      const wages = await definition(results(page).region, '賃金（手当等を含む）').allTextContents();
      expect(wages).toHaveLength(10);
      const monthly = wages.map((w) => {
        const m = /^(月給|時給) [\d,]+円～([\d,]+)円$/.exec(w.trim());
        expect(m, w).not.toBeNull();
        const upper = Number(m![2].replace(/,/g, ''));
        return m![1] === '時給' ? upper * 173 : upper;
      });
      expect(monthly, 'highest first on a monthly basis').toEqual([...monthly].sort((a, b) => b - a));
      expect(wages.some((w) => w.startsWith('時給')) && wages.some((w) => w.startsWith('月給')), 'both units on one page').toBe(true);
      await expectNoAxeViolations(page, '求人検索 賃金の高い順 2ページ');
    });

    await test.step('two words (a full-width space) and 東京都, searched as typed', async () => {
      await keyword.fill('事務　東京都');
      await pref.selectOption('東京都');
      await expect(results(page).count).toHaveText('2件中 1～2件を表示');
      await expect(results(page).cards.getByRole('heading')).toHaveText(['一般事務', '経理事務']);
      await expect(page).toHaveURL(
        (u) =>
          u.searchParams.get('q') === '事務　東京都' &&
          u.searchParams.get('pref') === '東京都' &&
          u.searchParams.get('sort') === 'wage' &&
          !u.searchParams.has('page'),
      );
      await expectNoAxeViolations(page, '求人検索 二語 東京都');
    });

    await test.step('narrowed by wage: フルタイム, 255,000円 or more', async () => {
      await page.getByRole('group', { name: '求人区分' }).getByRole('radio', { name: 'フルタイム' }).check();
      await form.getByLabel('賃金（円以上）').fill('255000');
      await expect(results(page).count).toHaveText('1件中 1～1件を表示');
      await expect(results(page).cards.getByRole('heading')).toHaveText(['一般事務']);
      await expect(page).toHaveURL((u) => u.searchParams.get('kind') === 'fulltime' && u.searchParams.get('wage') === '255000');
      await expectNoAxeViolations(page, '求人検索 賃金');
    });

    await test.step('a wage without 求人区分 is explained next to its field', async () => {
      await page.getByRole('group', { name: '求人区分' }).getByRole('radio', { name: '指定しない' }).check();
      await expect(form.locator('#wage-error')).toContainText('求人区分');
      await expectNoAxeViolations(page, '求人検索 賃金 (refused)');
      await page.getByRole('group', { name: '求人区分' }).getByRole('radio', { name: 'フルタイム' }).check();
      await expect(results(page).count).toHaveText('1件中 1～1件を表示');
      await expect(form.locator('#wage-error')).toHaveText('');
    });

    await test.step('the posting opened and applied to', async () => {
      await press(results(page).cards.getByRole('link', { name: '一般事務' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/jobs/13010-27419851');
      await expect(page.getByRole('article').getByRole('heading', { level: 1, name: '一般事務' })).toBeVisible();
      await expectNoAxeViolations(page, '求人詳細 (signed in)');
      await press(page.getByRole('region', { name: 'オンライン自主応募' }).getByRole('button', { name: '応募する' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity' && u.searchParams.get('applied') === '1');
      await expect(new ActivityPage(page, testInfo).inProgress.getByRole('row', { name: /一般事務/ })).toHaveCount(1);
      await expectNoAxeViolations(page, '求職活動状況 (applied)');
    });
  });
});
