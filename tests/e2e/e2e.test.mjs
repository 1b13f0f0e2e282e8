// okr web UI, end to end, in Debian's headless Chromium driven by playwright-core.
// One story, as people live it: an admin signs up a company, sets up a cycle and a theme, writes
// a company objective with key results, invites a colleague and @-mentions her on a key result;
// she accepts (a draft objective aligned to it), activates it, adds a key result and checks in
// from My OKRs without leaving the page; the progress rolls up to the strategy map; a private
// objective stays hidden from another colleague; a team gets a page, a person a page and a
// dossier that only she, her manager chain and admins may open (printable); the cycle is graded
// and closed; the language switches; the company is exported and imported as a file; an unknown
// path answers an HTML 404. Screenshots of the main pages, in both languages, go to tests/e2e/screenshots/.
//
// Needs: /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk), playwright-core (npm),
// the okr binary ($OKR_BIN, default ../../build/okr). Only 127.0.0.1 is used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPage, launch, shot, startServer, submitAndWait, workDir } from './harness.mjs';

const work = workDir('e2e');
const password = 'correct horse battery';

let server;
let base;
const browsers = [];

async function browser(locale) {
  const { ctx, page } = await launch(work, locale);
  browsers.push(ctx);
  return page;
}

async function go(page, p) {
  const resp = await page.goto(base + p);
  assert.equal(resp.status(), 200, `GET ${p}`);
  await checkPage(page);
}

before(async () => {
  ({ server, base } = await startServer(path.join(work, 'okr.db')));
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

test('from strategy to weekly check-in, in two languages', async (t) => {
  const admin = await browser('zh-CN');
  const wang = await browser('en-US');
  const li = await browser('en-US');
  let inviteWang;
  let inviteLi;
  let objectiveUrl;
  let privateUrl;

  await t.test('sign up a company', async () => {
    await go(admin, '/signup');
    await shot(admin, 'signup-zh');
    await admin.fill('#f-tenant_name', '清源净水 <测试>');
    await admin.fill('#f-name', '陈明远');
    await admin.fill('#f-email', 'chen@qingyuan.example');
    await admin.fill('#f-password', password);
    await submitAndWait(admin, admin.locator('form button.primary'));
    assert.match(admin.url(), /\/my$/);
    assert.equal(await admin.locator('.org').innerText(), '清源净水 <测试>');
  });

  await t.test('set up a cycle, a theme, roll-up and invitations', async () => {
    await go(admin, '/admin');
    await admin.fill('#c-name', '2026年第4季度');
    await admin.fill('#c-start', '2026-10-01');
    await admin.fill('#c-end', '2026-12-31');
    await submitAndWait(admin, admin.locator('form[action="/admin/cycles"] button'));
    await submitAndWait(admin, admin.locator('form[action$="/state"] button').first());
    const cycles = admin.locator('section[aria-labelledby="adm-cycles"] table');
    assert.match(await cycles.innerText(), /进行中/);
    await admin.fill('#t-title', '收入与利润稳健增长');
    await admin.selectOption('#t-source', 'financial');
    await submitAndWait(admin, admin.locator('form[action="/admin/themes"] button'));
    await admin.fill('#t-title', '打造会协作的组织');
    await admin.selectOption('#t-source', 'capability');
    await admin.selectOption('#t-horizon', 'long');
    await submitAndWait(admin, admin.locator('form[action="/admin/themes"] button'));
    await admin.check('input[name="rollup_children"]');
    await submitAndWait(admin, admin.locator('form[action="/admin/company"] button'));
    await admin.fill('#i-name', 'Wang Siqi');
    await admin.fill('#i-email', 'wang@qingyuan.example');
    await admin.selectOption('#i-manager', { label: '陈明远' });
    await submitAndWait(admin, admin.locator('form[action="/admin/invitations"] button'));
    inviteWang = await admin.locator('a.invite-link').getAttribute('href');
    assert.match(inviteWang, /\/invitations\/accept\?token=/);
    await admin.fill('#i-name', 'Li Lei');
    await admin.fill('#i-email', 'li@qingyuan.example');
    await submitAndWait(admin, admin.locator('form[action="/admin/invitations"] button'));
    inviteLi = await admin.locator('a.invite-link').getAttribute('href');
    await shot(admin, 'admin-zh');
  });

  await t.test('write a company objective with key results', async () => {
    await go(admin, '/objectives/new?owner=company&theme=1');
    await admin.fill('#n-title', '实现收入与利润的稳健增长');
    await admin.fill('#n-description', '本季度是全年冲刺的关键。见 https://example.com/plan');
    await submitAndWait(admin, admin.locator('form[action="/objectives"] button'));
    objectiveUrl = new URL(admin.url()).pathname;
    assert.match(objectiveUrl, /^\/objectives\/\d+$/);
    const addKr = async (title, start, target, unit) => {
      await admin.locator('details.edit summary', { hasText: '添加关键结果' }).click();
      await admin.fill('#k-title', title);
      await admin.fill('#k-start', start);
      await admin.fill('#k-target', target);
      await admin.fill('#k-unit', unit);
      await submitAndWait(admin, admin.locator('form[action$="/key-results"] button'));
    };
    await addKr('本季度营收从2400万元提升到3000万元', '2400', '3000', '万元');
    await addKr('新签15家核心经销商', '0', '15', '家');
    assert.equal(await admin.locator('.kr-block').count(), 2);
  });

  await t.test('@-mention a colleague on a key result', async () => {
    await admin.fill('#m-to', 'wang@qingyuan.example');
    await admin.selectOption('#m-on', { index: 1 });
    await admin.fill('#m-msg', '请承接渠道营收，@Wang Siqi');
    await submitAndWait(admin, admin.locator('form[action$="/requests"] button'));
    assert.match(await admin.locator('.notice.ok').innerText(), /承接请求已发送/);
    await shot(admin, 'objective-zh');
  });

  await t.test('the colleague joins, accepts and activates her draft', async () => {
    await wang.goto(inviteWang);
    await checkPage(wang);
    await wang.fill('#f-password', password);
    await submitAndWait(wang, wang.locator('form button.primary'));
    assert.match(wang.url(), /\/my$/);
    assert.match(await wang.locator('h2#pending').innerText(), /Take-on requests for you/);
    await go(wang, '/inbox');
    await shot(wang, 'inbox-en');
    await submitAndWait(wang, wang.locator('form[action$="/accept"] button'));
    assert.match(await wang.locator('.notice.ok').innerText(), /draft objective/);
    assert.equal(await wang.locator('h1').innerText(), '本季度营收从2400万元提升到3000万元');
    await wang.locator('details.edit summary', { hasText: 'Edit' }).click();
    await wang.selectOption('#e-state', 'active');
    const save = wang.locator('form[action^="/objectives/"] button', { hasText: 'Save' });
    await submitAndWait(wang, save.first());
    await wang.locator('details.edit summary', { hasText: 'Add key result' }).click();
    await wang.fill('#k-title', 'School channel revenue from 600 to 1100');
    await wang.fill('#k-start', '600');
    await wang.fill('#k-target', '1100');
    await wang.fill('#k-unit', '万元');
    await submitAndWait(wang, wang.locator('form[action$="/key-results"] button'));
  });

  await t.test('check in from My OKRs in two interactions, without leaving the page', async () => {
    await go(wang, '/my');
    await wang.evaluate(() => { window.__stayed = true; });
    const row = wang.locator('li.kr-row').first();
    await row.locator('summary').click(); // 1: open the check-in
    // The value field has the focus and its text selected (app.js): typing replaces it.
    await wang.waitForFunction(() => document.activeElement?.name === 'value');
    await wang.keyboard.type('1000');
    await row.locator('input[name="confidence"]').fill('0.8');
    await row.locator('input[name="note"]').fill('Two district contracts signed');
    await row.locator('button.primary').click(); // 2: save
    await wang.waitForSelector('li.kr-row.saved');
    assert.equal(await wang.evaluate(() => window.__stayed), true, 'the page did not reload');
    const fresh = wang.locator('li.kr-row').first();
    assert.match(await fresh.locator('.pnum').innerText(), /80%/);
    assert.match(await fresh.innerText(), /Two district contracts signed/);
    // app.js announces it 30 ms after clearing the live region (so that it is read again).
    await wang.waitForFunction(() => document.getElementById('live')?.textContent !== '');
    assert.equal(await wang.locator('#live').innerText(), 'Check-in saved.');
    await shot(wang, 'my-okrs-en');
    // Keyboard only: Tab to the next check-in, Enter opens it, Escape closes it.
    await wang.locator('li.kr-row').first().locator('summary').focus();
    await wang.keyboard.press('Enter');
    await wang.waitForFunction(() => document.activeElement?.name === 'value');
    await wang.keyboard.press('Escape');
    assert.equal(await wang.evaluate(() => document.activeElement.tagName), 'SUMMARY');
  });

  await t.test('a private objective stays private', async () => {
    await go(wang, '/objectives/new');
    await wang.fill('#n-title', 'Private: find a new job?');
    await wang.selectOption('#n-visibility', 'private');
    await submitAndWait(wang, wang.locator('form[action="/objectives"] button'));
    privateUrl = new URL(wang.url()).pathname;
    await li.goto(inviteLi);
    await li.fill('#f-password', password);
    await submitAndWait(li, li.locator('form button.primary'));
    const resp = await li.goto(base + privateUrl);
    assert.equal(resp.status(), 404);
    assert.doesNotMatch(await li.content(), /find a new job/);
    const seen = await admin.goto(base + privateUrl); // Wang's manager sees it
    assert.equal(seen.status(), 200);
  });

  await t.test('progress rolls up to the strategy map', async () => {
    await go(admin, '/strategy');
    const objective = admin.locator('.theme-objs > li').first();
    // Wang's 80% on the taken-on KR rolls up into the company objective.
    assert.notEqual(await objective.locator('.pnum').first().innerText(), '0%');
    assert.match(await admin.locator('.theme.uncovered').innerText(), /本周期没有目标/);
    await shot(admin, 'strategy-map-zh');
    await go(admin, objectiveUrl);
    assert.match(await admin.locator('section[aria-labelledby="children-h"]').innerText(),
      /Wang Siqi/);
  });

  await t.test('the alignment map opens on demand and marks what nobody took on', async () => {
    await go(admin, '/map');
    const root = admin.locator('li.node').first();
    assert.notEqual(await root.locator('.pnum').first().innerText(), '0%');
    await root.locator('summary').first().click();
    await admin.waitForSelector('.node-body .kr-list');
    const krs = root.locator('.kr-list > li.krnode');
    assert.equal(await krs.count(), 2);
    assert.match(await krs.nth(0).innerText(), /Wang Siqi/);
    assert.match(await krs.nth(1).locator('.badge').innerText(), /尚无人承接/);
    await shot(admin, 'alignment-map-zh');
    await go(admin, '/map?person=wang%40qingyuan.example');
    assert.match(await admin.locator('.map').innerText(), /本季度营收从2400万元提升到3000万元/);
  });

  await t.test('teams, people pages and the dossier', async () => {
    // The admin creates a team led by himself and adds Wang to it.
    await go(admin, '/admin/teams');
    await admin.fill('#nt-name', '渠道销售组');
    await admin.fill('#nt-lead', 'chen@qingyuan.example');
    await submitAndWait(admin, admin.locator('form[action="/admin/teams"] button'));
    assert.match(admin.url(), /\/admin\/teams\/\d+\?done=saved/);
    const teamId = admin.url().match(/\/admin\/teams\/(\d+)/)[1];
    await admin.fill('#te-member', 'wang@qingyuan.example');
    await submitAndWait(admin, admin.locator('form[action$="/members"] button'));
    assert.match(await admin.locator('ul.members-edit').innerText(), /Wang Siqi/);
    await shot(admin, 'admin-teams-zh');
    await go(admin, '/admin/users');
    assert.match(await admin.locator('table').innerText(), /渠道销售组/);
    await shot(admin, 'admin-users-zh');
    // The team's page: lead, members, the roll-up of the team's progress.
    await go(admin, `/teams/${teamId}`);
    assert.equal(await admin.locator('h1').innerText(), '渠道销售组');
    assert.match(await admin.locator('table.members').innerText(), /Wang Siqi/);
    assert.match(await admin.locator('.rollup').innerText(), /成员目标进度/);
    await shot(admin, 'team-zh');
    // Wang's own page, from her name in the header; her dossier from there.
    await go(wang, '/my');
    await submitAndWait(wang, wang.locator('a.me'));
    await checkPage(wang);
    assert.equal(await wang.locator('h1').innerText(), 'Wang Siqi');
    assert.match(await wang.locator('main').innerText(), /School channel revenue/);
    assert.match(await wang.locator('main').innerText(), /find a new job/, 'her own private OKR');
    await shot(wang, 'person-en');
    const personUrl = new URL(wang.url()).pathname;
    await submitAndWait(wang, wang.locator('a[href$="/dossier"]'));
    await checkPage(wang);
    assert.match(await wang.locator('main').innerText(), /Check-in discipline/);
    // A colleague sees her page but neither her private OKR nor her dossier.
    await go(li, personUrl);
    assert.doesNotMatch(await li.content(), /find a new job/);
    assert.equal(await li.locator('a[href$="/dossier"]').count(), 0);
    const refused = await li.goto(`${base}${personUrl}/dossier`);
    assert.equal(refused.status(), 403);
    assert.doesNotMatch(await li.content(), /find a new job/);
    // Her manager (the admin) reads it, in Chinese, and prints it.
    await go(admin, `${personUrl}/dossier`);
    assert.match(await admin.locator('main').innerText(), /进展更新纪律/);
    assert.match(await admin.locator('main').innerText(), /find a new job/);
    await shot(admin, 'dossier-zh');
    await admin.emulateMedia({ media: 'print' });
    assert.equal(await admin.locator('header.top').isVisible(), false, 'no navigation on paper');
    await shot(admin, 'dossier-print-zh');
    await admin.emulateMedia({ media: 'screen' });
  });

  await t.test('grade and close the cycle', async () => {
    await go(admin, '/admin');
    const startGrading = admin.locator('form[action$="/state"] button', { hasText: '开始评分' });
    await submitAndWait(admin, startGrading);
    await go(admin, '/cycles/1/grading');
    // Wang scores herself.
    await go(wang, '/cycles/1/grading');
    const count = await wang.locator('section[aria-labelledby="g-mine"] li.grade').count();
    assert.equal(count, 2, 'her aligned objective and her private one');
    for (let i = 0; i < count; i++) {
      const mine = wang.locator('section[aria-labelledby="g-mine"] li.grade').nth(i);
      await mine.locator('input[name="score"]').fill(i ? '0.3' : '0.8');
      await mine.locator('textarea').fill('Channel pricing worked; two districts slipped.');
      await submitAndWait(wang, mine.locator('button'));
    }
    // The admin: a committed company objective under 1.0 asks for a post-mortem.
    const company = admin.locator('section[aria-labelledby="g-company"] li.grade').first();
    await company.locator('input[name="score"]').fill('0.7');
    await submitAndWait(admin, company.locator('button'));
    assert.match(await admin.locator('.notice.err').innerText(), /未达成原因分析/);
    const again = admin.locator('section[aria-labelledby="g-company"] li.grade').first();
    await again.locator('input[name="score"]').fill('0.7');
    await again.locator('textarea').fill('经销商签约晚了一个月。');
    await submitAndWait(admin, again.locator('button'));
    const report = admin.locator('section[aria-labelledby="g-reports"] li.grade').first();
    await report.locator('input[name="score"]').fill('0.8');
    await report.locator('textarea').fill('学校渠道推进顺利。');
    await submitAndWait(admin, report.locator('button'));
    await shot(admin, 'grading-zh');
    const close = admin.locator('form[action$="/state"] button', { hasText: '结束周期' });
    await submitAndWait(admin, close);
    // Her committed objective at 0.3 has no post-mortem yet: the cycle stays open, and the
    // notice names the objective (C6 could no longer be answered once it closed).
    const refused = await admin.locator('.notice.err').innerText();
    const named = refused.match(/#\d+ (.+?)。/);
    assert.ok(named && /未达成原因分析/.test(refused), refused);
    const short = admin.locator('li.grade', { hasText: named[1] }).first();
    await short.locator('input[name="score"]').fill('0.3');
    await short.locator('textarea').fill('两个区县的渠道没有谈下来。');
    await submitAndWait(admin, short.locator('button'));
    await submitAndWait(admin, admin.locator('form[action$="/state"] button', { hasText: '结束周期' }));
    assert.equal(await admin.locator('.notice.err').count(), 0, 'the cycle closed');
    await go(admin, '/admin');
    const cycles = admin.locator('section[aria-labelledby="adm-cycles"] table');
    assert.match(await cycles.innerText(), /已结束/);
  });

  await t.test('switch the language', async () => {
    await go(admin, '/strategy');
    await submitAndWait(admin, admin.locator('form.lang button'));
    assert.equal(await admin.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await admin.locator('h1').innerText(), 'Strategy map');
    await shot(admin, 'strategy-map-en');
    await go(admin, objectiveUrl);
    await shot(admin, 'objective-en');
    await go(wang, '/my');
    await submitAndWait(wang, wang.locator('form.lang button'));
    assert.equal(await wang.locator('h1').innerText(), '我的OKR');
    await shot(wang, 'my-okrs-zh');
  });

  await t.test('usable on a phone', async () => {
    await wang.setViewportSize({ width: 390, height: 844 });
    await go(wang, '/my');
    const overflow = await wang.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no sideways scrolling on a phone');
    await shot(wang, 'my-okrs-phone-zh');
  });

  await t.test('export and import files; unknown pages', async () => {
    await go(admin, '/admin');
    const exported = await admin.request.get(`${base}/admin/export`);
    assert.equal(exported.status(), 200);
    assert.match(exported.headers()['content-disposition'], /attachment/);
    const file = await exported.body();
    assert.equal(JSON.parse(file.toString()).format, 'okr');
    // A bad file: a clear error, and nothing is written.
    await admin.setInputFiles('#imp-file',
      { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"okr"') });
    await submitAndWait(admin, admin.locator('form[action="/admin/import"] button'));
    assert.match(await admin.locator('h1').innerText(), /The file was not imported/);
    assert.match(await admin.locator('main').innerText(), /Nothing was changed/);
    await shot(admin, 'admin-import-error-en');
    await go(admin, '/admin');
    await admin.setInputFiles('#imp-file',
      { name: 'okr-export.json', mimeType: 'application/json', buffer: file });
    await submitAndWait(admin, admin.locator('form[action="/admin/import"] button'));
    assert.match(await admin.locator('main').innerText(), /id 2/, 'the first import made company 2');
    await shot(admin, 'admin-import-en');
    // An unknown page: HTML in the user's language (English since the switch), not JSON.
    const missing = await admin.goto(`${base}/no/such/page`);
    assert.equal(missing.status(), 404);
    await checkPage(admin);
    assert.match(await admin.locator('main').innerText(), /There is no page at this address/);
    await shot(admin, 'not-found-en');
  });
});
