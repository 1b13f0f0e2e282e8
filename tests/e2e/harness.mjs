// What every browser test shares: the okr binary, `okr serve` on 127.0.0.1 over a database of the
// test's own, Debian's headless Chromium (a context that fails the test on a script error or a
// console error other than a 4xx answer), screenshots, and the checks every page must pass.
//
// Needs: /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk), playwright-core (npm),
// the okr binary ($OKR_BIN, default ../../build/okr). Only 127.0.0.1 is used.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const okr = path.resolve(here, process.env.OKR_BIN || '../../build/okr');
export const shots = path.join(here, 'screenshots');
// The day the tests live on, as the demo company is built around it.
export const env = { ...process.env, OKR_NOW: '2026-11-29', OKR_LOG: 'info' };

// A fresh folder for one test file's database and browser profiles, and the screenshots folder.
export function workDir(name) {
  fs.mkdirSync(shots, { recursive: true });
  return fs.mkdtempSync(path.join(os.tmpdir(), `okr-${name}-`));
}

// `okr --db DB ARGS...` (input on stdin), which must succeed; its output.
export function runOkr(db, args, input) {
  const r = spawnSync(okr, ['--db', db, ...args], { env, input, encoding: 'utf8' });
  assert.equal(r.status, 0, `okr ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// `okr serve` over db on a free port: { server, base } once it listens.
export function startServer(db) {
  return new Promise((resolve, reject) => {
    const server = spawn(okr, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const onData = (chunk) => {
      log += chunk.toString();
      const m = log.match(/\(port (\d+)\)/);
      if (m) {
        resolve({ server, base: `http://127.0.0.1:${m[1]}` });
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`okr serve exited (${code}): ${log}`)));
    setTimeout(() => reject(new Error(`okr serve did not start: ${log}`)), 15000);
  });
}

// A browser of its own (profile under work) in locale: { ctx, page }.
export async function launch(work, locale, options = {}) {
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(work, 'profile-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('pageerror', (e) => assert.fail(`script error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) {
      assert.fail(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  return { ctx, page };
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// Every page: a language, one h1, labels on every input, no inline script or style, and nothing
// wider than the screen (tables scroll inside their card).
export async function checkPage(page) {
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

// Clicks what submits a form and waits for the page it leads to.
export async function submitAndWait(page, locator) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), locator.click()]);
}

