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
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const okr = path.resolve(here, process.env.OKR_BIN || '../../build/okr');
const shots = path.join(here, 'screenshots');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-e2e-review-'));
const db = path.join(work, 'okr.db');
const env = { ...process.env, OKR_NOW: '2026-11-29', OKR_LOG: 'info' };
const password = 'review password 1';

let server;
let base;
const browsers = [];

function run(args, input) {
  const r = spawnSync(okr, ['--db', db, ...args], { env, input, encoding: 'utf8' });
  assert.equal(r.status, 0, `okr ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(okr, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const onData = (chunk) => {
      log += chunk.toString();
      const m = log.match(/\(port (\d+)\)/);
      if (m) {
        base = `http://127.0.0.1:${m[1]}`;
        resolve();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`okr serve exited (${code}): ${log}`)));
    setTimeout(() => reject(new Error(`okr serve did not start: ${log}`)), 15000);
  });
}

async function browser(locale, options = {}) {
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(work, 'profile-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  browsers.push(ctx);
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('pageerror', (e) => assert.fail(`script error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) {
      assert.fail(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// Every page: a language, one h1, labels on every input, no inline script or style, and nothing
// wider than the screen (tables scroll inside their card).
async function checkPage(page) {
  const report = await page.evaluate(() => {
    const unlabeled = [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && el.type !== 'submit')
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
      .map((el) => el.name || el.id);
    return {
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      unlabeled,
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
      inlineStyles: document.querySelectorAll('[style], style').length,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
  assert.ok(report.lang === 'en' || report.lang === 'zh-CN', `lang ${report.lang}`);
  assert.equal(report.h1, 1, `one h1 on ${page.url()}`);
  assert.deepEqual(report.unlabeled, [], `inputs without labels on ${page.url()}`);
  assert.equal(report.inlineScripts, 0);
  assert.equal(report.inlineStyles, 0);
  assert.ok(report.overflow <= 1, `${page.url()} is ${report.overflow}px wider than the screen`);
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
  fs.mkdirSync(shots, { recursive: true });
  run(['demo', '--lang', 'zh']);
  for (const id of ['1', '2']) {
    run(['user', 'password', id], `${password}\n`);
  }
  await startServer();
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
