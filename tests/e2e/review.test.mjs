// okr web UI, end to end: the weekly review (page 9), the dashboard (page 10) and the KPI board
// (page 12) of the demo company, in Debian's headless Chromium driven by playwright-core. Each
// page in Chinese and English; a KPI value recorded in place by keyboard (with JavaScript) and by
// a plain form post (without); the review on a phone-sized screen and in projector view.
// Screenshots go to tests/e2e/screenshots/ (weekly-review-zh.png, dashboard-en.png,
// kpi-board-zh.png, ...).
//
// Needs: /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk), playwright-core (npm),
// the okr binary ($OKR_BIN, default ../../build/okr). Only 127.0.0.1 is used.
// Run: cd tests/e2e && node --test review.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPage, launch, runOkr, shot, startServer, workDir } from './harness.mjs';

const work = workDir('e2e-review');
const db = path.join(work, 'okr.db');
const password = 'review password 1';

let server;
let base;
const browsers = [];

async function browser(locale, options = {}) {
  const { ctx, page } = await launch(work, locale, options);
  browsers.push(ctx);
  return page;
}

async function go(page, p) {
  const resp = await page.goto(base + p);
  assert.equal(resp.status(), 200, `GET ${p}`);
  await checkPage(page);
}

async function login(page, email) {
  const resp = await page.goto(`${base}/login`);
  assert.equal(resp.status(), 200);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.locator('form button.primary').click()]);
  assert.match(page.url(), /\/my$/);
}

before(async () => {
  runOkr(db, ['demo', '--lang', 'zh']);
  for (const id of ['1', '2']) {
    runOkr(db, ['user', 'password', id], `${password}\n`);
  }
  ({ server, base } = await startServer(db));
});

after(async () => {
  for (const b of browsers) {
    await b.close();
  }
  if (server) {
    server.kill('SIGTERM');
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('weekly review, dashboard and KPI board, in two languages', async (t) => {
  const admin = await browser('zh-CN');

  await t.test('the weekly review of a team, in Chinese', async () => {
    await login(admin, 'chen.mingyuan@demo.okr.example');
    await go(admin, '/review');
    assert.equal(await admin.locator('.nav a[aria-current="page"]').innerText(), '周进展回顾');
    assert.match(await admin.locator('h1').innerText(), /周进展回顾 · 清源净水/);
    // Pick 销售部 (team 2) with the picker: app.js submits on change.
    await Promise.all([admin.waitForNavigation(), admin.selectOption('#team-pick', '2')]);
    assert.match(admin.url(), /team=2/);
    await checkPage(admin);
    const risk = await admin.locator('section[aria-labelledby="rv-risk"]').innerText();
    assert.match(risk, /有风险|落后/);
    assert.match(await admin.locator('section[aria-labelledby="rv-people"]').innerText(),
      /本周未更新进展的成员/);
    assert.ok(await admin.locator('.week-checkins li').count() > 0, 'this week\'s check-ins');
    await shot(admin, 'weekly-review-zh');
    await admin.click('.view-switch a');
    assert.match(admin.url(), /view=projector/);
    await checkPage(admin);
    assert.equal(await admin.locator('.review.projector').count(), 1);
    await shot(admin, 'weekly-review-projector-zh');
  });

  await t.test('the dashboard and the KPI board, in Chinese', async () => {
    await go(admin, '/dashboard');
    assert.match(await admin.locator('h1').innerText(), /数据看板/);
    assert.equal(await admin.locator('svg.hist').count(), 1, 'the score histogram');
    assert.match(await admin.locator('.health-n').innerText(), /^\d+$/);
    assert.match(await admin.locator('section[aria-labelledby="db-disc"]').innerText(), /全公司/);
    await shot(admin, 'dashboard-zh');
    await go(admin, '/kpis');
    assert.equal(await admin.locator('.kpi-row').count(), 4);
    assert.ok(await admin.locator('svg.spark').count() >= 1, 'sparklines');
    await shot(admin, 'kpi-board-zh');
  });

  await t.test('record a KPI value in place, by keyboard', async () => {
    const row = admin.locator('#kpi-1');
    assert.match(await row.innerText(), /健康/);
    const url = admin.url();
    await row.locator('summary').focus();
    await admin.keyboard.press('Enter');
    // app.js puts the cursor in the value field, selected: type over it, Enter saves.
    await admin.waitForFunction(() => document.activeElement && document.activeElement.id === 'kv-1');
    await admin.keyboard.type('3');
    await admin.keyboard.press('Enter');
    await admin.waitForSelector('#kpi-1.saved');
    assert.equal(admin.url(), url, 'the page did not reload');
    const text = await admin.locator('#kpi-1').innerText();
    assert.match(text, /异常/, 'above the threshold of 0: unhealthy, in words');
    assert.match(await admin.locator('#kpi-1 .kpi-value').innerText(), /^3$/);
    // The page's counts follow: 3 healthy, 1 unhealthy.
    assert.equal(await admin.locator('#kpi-tiles .tile-n').nth(1).innerText(), '3');
    assert.equal(await admin.locator('#kpi-tiles .tile-n').nth(2).innerText(), '1');
    await shot(admin, 'kpi-board-recorded-zh');
    // The value is stored: a fresh load shows it.
    await go(admin, '/kpis');
    assert.match(await admin.locator('#kpi-1 .kpi-value').innerText(), /^3$/);
  });

  await t.test('the same pages in English', async () => {
    await Promise.all([admin.waitForNavigation(), admin.locator('form.lang button').click()]);
    await go(admin, '/review?team=2');
    assert.match(await admin.locator('h1').innerText(), /Weekly review · 销售部/);
    assert.match(await admin.locator('body').innerText(), /Who has not checked in this week/);
    await shot(admin, 'weekly-review-en');
    await go(admin, '/dashboard');
    assert.match(await admin.locator('body').innerText(), /Check-in discipline this week/);
    await shot(admin, 'dashboard-en');
    await go(admin, '/kpis');
    assert.match(await admin.locator('#kpi-1').innerText(), /Unhealthy/);
    await shot(admin, 'kpi-board-en');
  });

  await t.test('on a phone', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await go(admin, '/review?team=2');
    await shot(admin, 'weekly-review-phone-en');
    await go(admin, '/dashboard');
    await shot(admin, 'dashboard-phone-en');
    await go(admin, '/kpis');
    await shot(admin, 'kpi-board-phone-en');
    await admin.setViewportSize({ width: 1280, height: 900 });
  });

  await t.test('record a KPI value without JavaScript', async () => {
    const lead = await browser('zh-CN', { javaScriptEnabled: false });
    await login(lead, 'lin.xiaofeng@demo.okr.example');
    await go(lead, '/kpis');
    // 林晓峰 owns no KPI: he reads the board but has no form.
    assert.equal(await lead.locator('form[action="/kpis/1/values"]').count(), 0);
    await go(lead, '/review');
    assert.match(await lead.locator('h1').innerText(), /周进展回顾 · 销售部/, 'his own team first');
    await go(lead, '/dashboard');
    await shot(lead, 'dashboard-member-zh');
    const nojs = await browser('zh-CN', { javaScriptEnabled: false });
    await login(nojs, 'chen.mingyuan@demo.okr.example');
    await go(nojs, '/kpis');
    await nojs.locator('#kpi-2 summary').click();
    await nojs.fill('#kv-2', '93.5');
    await Promise.all([nojs.waitForNavigation(), nojs.locator('#kpi-2 button.primary').click()]);
    assert.match(nojs.url(), /\/kpis\?done=saved#kpi-2$/);
    assert.match(await nojs.locator('#kpi-2 .kpi-value').innerText(), /^93\.5$/);
    // The admin switched to English above: the setting is his, in every browser.
    assert.match(await nojs.locator('#kpi-2').innerText(), /Unhealthy/, 'under 95%: unhealthy');
  });
});
