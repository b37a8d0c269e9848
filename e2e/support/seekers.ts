import type { TestInfo } from '@playwright/test';

/**
 * The demo seeker the server seeds on first start. Journeys that show the
 * demo data (its messages and closed applications exist nowhere else) sign
 * in as it and only read; every other journey has a seeker of its own (the
 * `seeker` fixture).
 */
export const asuYuki = {
  email: 'asu.yuki@example.jp',
  password: 'Asu-Yuki-2026',
  name: '明日 勇気',
  office: '飯田橋公共職業安定所',
} as const;

/** The job of the manual's screenshot, which 明日 勇気 has applied to. */
export const kaigoJob = {
  id: '13010-28573041',
  title: '介護福祉士',
  company: '社会福祉法人 千代田やすらぎ会',
  fields: {
    求人区分: 'フルタイム',
    就業時間: '(1)08時00分～18時00分',
    休日: '土日祝',
    就業場所: '東京都千代田区',
    仕事の内容: 'グループホーム（2ユニット：18人定員）にて、ご利用者様に対する生活全般の介護サービスを提供いたします。',
    雇用形態: '正社員',
    '賃金（手当等を含む）': '月給 205,000円～290,000円',
  },
} as const;

/** An e-mail address no other test, project or run uses. */
export function uniqueEmail(testInfo: TestInfo, what = 'e2e'): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${what}-${testInfo.project.name}-${Date.now()}-${rand}@example.jp`;
}
