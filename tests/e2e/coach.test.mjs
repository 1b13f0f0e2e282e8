// The OKR coach in the browser (Debian's headless Chromium, playwright-core): hints appear beside
// the new-objective form while the objective and its first key result are being typed (no save),
// follow the words as they change, and the objective page's findings panel dismisses a finding
// with a reason. Screenshot: tests/e2e/screenshots/coach-hints-zh.png.
//
// Run: cd tests/e2e && node --test coach.test.mjs  (OKR_BIN: the binary, default ../../build/okr)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPage, launch, shot, startServer, submitAndWait, workDir } from './harness.mjs';

const work = workDir('e2e-coach');

let server;
let base;
let ctx;
let page;

before(async () => {
  ({ server, base } = await startServer(path.join(work, 'okr.db')));
  ({ ctx, page } = await launch(work, 'zh-CN'));
});

after(async () => {
  if (ctx) { await ctx.close(); }
  if (server) { server.kill('SIGTERM'); }
  fs.rmSync(work, { recursive: true, force: true });
});

test('the coach while writing an objective, and its findings panel', async (t) => {
  const hints = page.locator('#coach-hints');

  await t.test('a company with an active quarter and a theme', async () => {
    await page.goto(base + '/signup');
    await page.fill('#f-tenant_name', '清源净水');
    await page.fill('#f-name', '陈明远');
    await page.fill('#f-email', 'chen@qingyuan.example');
    await page.fill('#f-password', 'correct horse battery');
    await submitAndWait(page, page.locator('form button.primary'));
    await page.goto(base + '/admin');
    await page.fill('#c-name', '2026年第4季度');
    await page.fill('#c-start', '2026-10-01');
    await page.fill('#c-end', '2026-12-31');
    await submitAndWait(page, page.locator('form[action="/admin/cycles"] button'));
    await submitAndWait(page, page.locator('form[action$="/state"] button').first());
    await page.fill('#t-title', '成为华东学校的首选净水品牌');
    await page.selectOption('#t-source', 'market');
    await submitAndWait(page, page.locator('form[action="/admin/themes"] button'));
  });

  await t.test('hints appear while typing, before saving', async () => {
    const resp = await page.goto(base + '/objectives/new?owner=company&theme=1');
    assert.equal(resp.status(), 200);
    await checkPage(page);
    await page.locator('#n-title').pressSequentially('保持ERP系统稳定运行', { delay: 20 });
    await hints.locator('[data-rule="C4"]').waitFor();
    assert.match(await hints.innerText(), /保持/);
    assert.match(await hints.innerText(), /OKR教练建议/);
    await page.fill('#n-kr-title', '完成客户回访');
    await page.fill('#n-kr-target', '40');
    await hints.locator('[data-rule="M2"]').waitFor();
    assert.match(await hints.locator('[data-rule="M2"]').innerText(), /关键结果“完成客户回访”/);
    await page.locator('#coach-hints [data-rule="C4"] details.why summary').click();
    await shot(page, 'coach-hints-zh');
    // Rewritten as a change the company chooses: the maintenance hint goes away.
    await page.fill('#n-title', '让华东的学校都选择我们的净水设备');
    await hints.locator('[data-rule="C4"]').waitFor({ state: 'detached' });
    await page.fill('#n-kr-title', '华东学校客户从40家增加到80家');
    await page.fill('#n-kr-start', '40');
    await page.fill('#n-kr-target', '80');
    await page.fill('#n-kr-unit', '家');
    await hints.locator('[data-rule="M2"]').waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/objectives/new', 'nothing was saved');
  });

  await t.test('the findings panel dismisses a finding with a reason', async () => {
    await submitAndWait(page, page.locator('form[action="/objectives"] button'));
    assert.match(new URL(page.url()).pathname, /^\/objectives\/\d+$/);
    assert.equal(await page.locator('.kr-block').count(), 1, 'the first key result was saved');
    await checkPage(page);
    const panel = page.locator('#coach');
    const f2 = panel.locator('li.finding[data-rule="F2"]');
    await f2.waitFor();
    await f2.locator('details.dismiss summary').click();
    await f2.locator('input[name="reason"]').fill('本季度只聚焦这一个结果');
    await submitAndWait(page, f2.locator('form button'));
    assert.equal(await panel.locator('ul.findings > li.finding[data-rule="F2"]').count(), 0);
    const dismissed = panel.locator('details.dismissed');
    await page.locator('#coach details.dismissed > summary').click();
    assert.match(await dismissed.innerText(), /本季度只聚焦这一个结果/);
  });
});
