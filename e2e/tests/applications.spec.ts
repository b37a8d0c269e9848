import { type Page } from '@playwright/test';
import { expect, slow, test } from '../support/fixtures';
import { expectNoAxeViolations } from '../support/axe';
import { initialValidUntil, jpDate } from '../support/dates';
import { ActivityPage, AccountSettingsPage, cancelName, MyPage } from '../support/pages';
import { definition, expectHome, press } from '../support/ui';

// オンライン自主応募 from a job detail, 求職活動状況 and 応募取消; 求職無効 and
// 求職有効 on 各種設定 (rule 1 in server/domain/doc.go). Each test opens its own My Page.

const job = { id: '13050-28110461', title: 'ITヘルプデスク', company: '株式会社 テクノスタッフ渋谷' } as const;

function applySection(page: Page) {
  return page.getByRole('region', { name: 'オンライン自主応募' });
}

async function openJob(page: Page) {
  await page.goto(`/jobs/${job.id}`);
  await expect(page.getByRole('heading', { level: 1, name: job.title })).toBeVisible();
}

test.describe('オンライン自主応募と求職状態', () => {
  test.describe.configure({ timeout: 120_000 * slow });

  test('「応募する」 on a job detail shows up in 求職活動状況; 応募取消 moves it to 選考終了', async ({ page, clock, seeker: me }, testInfo) => {
    // A seeker of the test's own, signed in on the test's clock.
    await page.goto('/mypage');
    await expectHome(page, me.name);

    await test.step('求人検索 → the job detail offers 「応募する」', async () => {
      await new MyPage(page, testInfo).via('求人検索');
      await expectNoAxeViolations(page, '求人検索');
      const form = page.getByRole('search', { name: '求人検索' });
      await form.getByLabel('キーワード', { exact: true }).fill('ヘルプデスク');
      await press(form.getByRole('button', { name: '検索' }), testInfo);
      const card = page.getByRole('article', { name: job.title });
      await expect(card).toBeVisible();
      await expectNoAxeViolations(page, '求人検索 ヘルプデスク');
      await press(card.getByRole('link', { name: job.title }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === `/jobs/${job.id}`);
      await expect(page.getByRole('heading', { level: 1, name: job.title })).toBeVisible();
      await expect(applySection(page).getByRole('heading', { level: 2, name: 'オンライン自主応募' })).toBeVisible();
      await expect(applySection(page).getByRole('button', { name: '応募する' })).toBeVisible();
      await expectNoAxeViolations(page, '求人詳細');
    });

    const applied = await test.step('「応募する」: 求職活動状況 lists it 応募中', async () => {
      const at = await clock.now();
      await press(applySection(page).getByRole('button', { name: '応募する' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity' && u.searchParams.get('applied') === '1');
      await expect(page.getByRole('heading', { level: 1, name: '求職活動状況' })).toBeVisible();
      await expect(page.getByRole('status')).toHaveText('応募しました。応募の状況はこの画面でご確認いただけます。');
      const inProgress = new ActivityPage(page, testInfo).inProgress;
      const row = inProgress.getByRole('row', { name: new RegExp(job.title) });
      await expect(row).toHaveCount(1);
      await expect(row.getByRole('rowheader')).toHaveText(job.title);
      await expect(row.getByRole('cell')).toHaveText([job.company, job.id, jpDate(at), '応募中', cancelName(job.title)]);
      await expect(new ActivityPage(page, testInfo).closed).toContainText('該当する応募はありません。');
      await expectNoAxeViolations(page, '求職活動状況 (応募しました)');
      return at;
    });

    await test.step('the home lists it under 応募中の求人; the detail says 応募済み', async () => {
      await page.goto('/mypage');
      await expectHome(page, me.name);
      const aside = page.getByRole('complementary', { name: `${me.name} 様` });
      await expect(definition(aside, '応募中の求人').getByRole('link')).toHaveText([job.title]);
      await expectNoAxeViolations(page, 'ホーム (応募中)');
      await press(definition(aside, '応募中の求人').getByRole('link', { name: job.title }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === `/jobs/${job.id}`);
      await expect(applySection(page)).toContainText('この求人には応募済みです。');
      await expect(applySection(page).getByRole('button', { name: '応募する' })).toHaveCount(0);
      await expect(applySection(page).getByRole('link', { name: '求職活動状況' })).toHaveAttribute('href', '/mypage/activity');
      await expectNoAxeViolations(page, '求人詳細 (応募済み)');
    });

    await test.step('応募取消: 選考終了 with 応募取消; the job can be applied to again', async () => {
      await press(applySection(page).getByRole('link', { name: '求職活動状況' }), testInfo);
      await expect(page.getByRole('heading', { level: 1, name: '求職活動状況' })).toBeVisible();
      await press(new ActivityPage(page, testInfo).inProgress.getByRole('button', { name: cancelName(job.title) }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/activity' && u.searchParams.get('cancelled') === '1');
      await expect(page.getByRole('status')).toHaveText('応募を取り消しました。');
      await expect(new ActivityPage(page, testInfo).inProgress).toContainText('応募中の求人はありません。');
      const row = new ActivityPage(page, testInfo).closed.getByRole('row', { name: new RegExp(job.title) });
      await expect(row.getByRole('cell')).toHaveText([job.company, job.id, jpDate(applied), '応募取消']);
      await expectNoAxeViolations(page, '求職活動状況 (応募取消)');
      await openJob(page);
      await expect(applySection(page).getByRole('button', { name: '応募する' })).toBeVisible();
    });
  });

  test('求職無効 then 求職有効 on 各種設定; while 無効 the job detail offers no 「応募する」', async ({ page, clock, seeker: me }, testInfo) => {
    // Registered on the test's clock, which has not moved since.
    const registered = await clock.now();
    await page.goto('/mypage');
    await expectHome(page, me.name);
    const validUntil = jpDate(initialValidUntil(registered));

    await test.step('各種設定: 有効 until the last day of the month after next', async () => {
      const panel = await new AccountSettingsPage(page, testInfo).open();
      await expect(definition(panel, '求職状態')).toHaveText('有効');
      await expect(definition(panel, '有効期限')).toHaveText(validUntil);
      await expect(definition(panel, '登録区分')).toHaveText('オンライン登録者');
      await expect(panel.getByRole('button', { name: '求職有効' })).toHaveCount(0);
    });

    await test.step('「求職無効」: 無効, with 「求職有効」 offered until the expiry', async () => {
      await press(page.getByRole('region', { name: '各種設定' }).getByRole('button', { name: '求職無効' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings/account' && u.searchParams.get('status') === '1');
      await expect(page.getByRole('status')).toHaveText('求職状態を変更しました。');
      const panel = page.getByRole('region', { name: '各種設定' });
      await expect(definition(panel, '求職状態')).toHaveText('無効');
      await expect(definition(panel, '有効期限')).toHaveText(validUntil);
      await expect(panel.getByText('有効期限までは、求職状態を「有効」に戻せます。')).toBeVisible();
      await expect(panel.getByRole('button', { name: '求職無効' })).toHaveCount(0);
      await expect(panel.getByRole('button', { name: '求職有効' })).toBeVisible();
      await expectNoAxeViolations(page, '各種設定 (無効)');
    });

    await test.step('while 無効: the home says 無効 and the job detail refuses to apply', async () => {
      await page.goto('/mypage');
      await expectHome(page, me.name);
      await expect(definition(page.getByRole('complementary', { name: `${me.name} 様` }), '求職状態')).toHaveText('無効');
      await expectNoAxeViolations(page, 'ホーム (無効)');
      await openJob(page);
      await expect(applySection(page)).toContainText('求職状態が「無効」のため、応募できません。');
      await expect(applySection(page).getByRole('button', { name: '応募する' })).toHaveCount(0);
      await expect(applySection(page).getByRole('link', { name: '各種設定' })).toHaveAttribute('href', '/mypage/settings/account');
      await expectNoAxeViolations(page, '求人詳細 (無効)');
    });

    await test.step('「求職有効」: 有効 again, with the same expiry', async () => {
      await press(applySection(page).getByRole('link', { name: '各種設定' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings/account');
      await expectNoAxeViolations(page, '各種設定 (無効, full page)');
      await press(page.getByRole('region', { name: '各種設定' }).getByRole('button', { name: '求職有効' }), testInfo);
      await expect(page).toHaveURL((u) => u.pathname === '/mypage/settings/account' && u.searchParams.get('status') === '1');
      await expect(page.getByRole('status')).toHaveText('求職状態を変更しました。');
      const panel = page.getByRole('region', { name: '各種設定' });
      await expect(definition(panel, '求職状態')).toHaveText('有効');
      await expect(definition(panel, '有効期限')).toHaveText(validUntil);
      await expect(panel.getByRole('button', { name: '求職無効' })).toBeVisible();
      await expectNoAxeViolations(page, '各種設定 (有効)');
      await openJob(page);
      await expect(applySection(page).getByRole('button', { name: '応募する' })).toBeVisible();
      await expectNoAxeViolations(page, '求人詳細 (有効)');
    });
  });
});
