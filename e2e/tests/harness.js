// Test harness: one app session per launch, each on its own database, through WebKitWebDriver.
import { remote } from 'webdriverio';
import { mkdtempSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export const APP = process.env.APP;
export const SHOTS = process.env.SCREENSHOTS;

export function tempDir(name) {
  return mkdtempSync(join(tmpdir(), `eom-e2e-${name}-`));
}

/**
 * Starts the app on `db` (with its own signing key folder when `keyDir` is given). Dialogs are answered from `dir/dialog` (the e2e build reads the chosen
 * path from the file named by EOM_TEST_DIALOG_PATH=@file). The wrapper records the app's pid.
 */
export async function launch(dir, db, { keyDir } = {}) {
  const wrapper = join(dir, 'app.sh');
  writeFileSync(join(dir, 'dialog'), '');
  // `keyDir`: this "laptop" signs with a key of its own (two laptops of one mission in one test).
  const key = keyDir ? `export EOM_KEY_DIR='${keyDir}'\n` : '';
  writeFileSync(wrapper, `#!/bin/sh\necho $$ > '${dir}/pid'\nexport TAURI_WEBVIEW_AUTOMATION=true\nexport EOM_DB='${db}'\n${key}export EOM_TEST_DIALOG_PATH='@${dir}/dialog'\nexec '${APP}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const browser = await remote({
    hostname: '127.0.0.1',
    port: Number(process.env.WEBDRIVER_PORT || 4444),
    path: '/',
    logLevel: 'warn',
    connectionRetryCount: 0,
    connectionRetryTimeout: 60000,
    capabilities: { 'webkitgtk:browserOptions': { binary: wrapper, args: [] } },
  });
  browser.dir = dir;
  return browser;
}

export function answerDialog(browser, path) {
  writeFileSync(join(browser.dir, 'dialog'), path);
}

export function appPid(browser) {
  return Number(readFileSync(join(browser.dir, 'pid'), 'utf8').trim());
}

export const tid = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function click(browser, id) {
  const el = await tid(browser, id);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

/** Clicks a table row (WebKitWebDriver does not click `<tr>` itself: click its first cell). */
export async function clickRow(browser, id) {
  const el = await browser.$(`[data-testid="${id}"] td`);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

export async function type(browser, id, text) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.clearValue();
  await el.setValue(text);
}

export async function text(browser, id) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 10000 });
  return (await el.getText()).trim();
}

export async function waitText(browser, id, pred, timeout = 10000) {
  let last = '';
  await browser.waitUntil(async () => {
    const el = await tid(browser, id);
    if (!(await el.isExisting())) return false;
    last = (await el.getText()).trim();
    return pred(last);
  }, { timeout, timeoutMsg: `${id}: unexpected text "${last}"` });
  return last;
}

/**
 * Saves a screenshot of the app window. The app renders without accelerated compositing, which
 * WebKitWebDriver's screenshot command needs, so the X display is captured instead (ImageMagick).
 */
export async function shot(browser, name) {
  if (!SHOTS) return;
  await browser.pause(400);
  execFileSync('import', ['-window', 'root', join(SHOTS, `app-${name}.png`)]);
}

export async function quit(browser) {
  try { await browser.deleteSession(); } catch { /* the app may be gone already */ }
}

/** Ends the session and waits until the app's process has exited (its database is closed). */
export async function quitAndWait(browser) {
  const pid = appPid(browser);
  await quit(browser);
  for (let i = 0; i < 100; i++) {
    try { process.kill(pid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app (pid ${pid}) did not exit`);
}

/** Sets a text field by script (WebKitWebDriver drops spaces and repeated letters when typing). */
export async function fill(browser, id, value) {
  const el = await tid(browser, id);
  await el.waitForDisplayed({ timeout: 10000 });
  await browser.execute((id, value) => {
    const input = document.querySelector(`[data-testid="${id}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, id, value);
}

export function cliStats(db, { passphraseFile, args = [] } = {}) {
  const cli = process.env.EOM_CLI;
  if (!cli) return null;
  const env = { ...process.env, EOM_DB: db, ...(passphraseFile ? { EOM_PASSPHRASE_FILE: passphraseFile } : {}) };
  // A large mission's statistics (a turnout entry per visit) are megabytes of JSON.
  return JSON.parse(execFileSync(cli, ['stats', '--json', ...args], { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }));
}

/** Scrolls the content pane (only it: the window itself must not move) to show element `id`. */
export async function scrollTo(b, id) {
  await b.execute((id) => {
    const pane = document.querySelector('main.content');
    const el = document.querySelector(`[data-testid="${id}"]`);
    pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 12;
  }, id);
}
