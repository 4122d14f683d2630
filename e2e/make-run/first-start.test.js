// `make run` under Xvfb (issue 17): the README's first command opens the app on the default
// database of a fresh data folder, which shows the first-start screen. Run by e2e/make-run.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { remote } from 'webdriverio';
import { tempDir, tid, shot } from '../tests/harness.js';

const REPO = process.env.MAKE_RUN_REPO;
const DATA = process.env.MAKE_RUN_DATA;

/** The pids under `pid` (make -> shell -> app), deepest first. */
function descendants(pid) {
  let out = '';
  try { out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }); } catch { return []; }
  const children = out.split('\n').filter(Boolean).map(Number);
  return children.flatMap((c) => [...descendants(c), c]);
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

test('make run opens the app on the default database: the first-start screen', async () => {
  assert.ok(REPO && DATA, 'MAKE_RUN_REPO and MAKE_RUN_DATA are set by e2e/make-run.sh');
  const dir = tempDir('make-run');
  const wrapper = join(dir, 'make-run.sh');
  // WebKitWebDriver starts this as the "browser": `make run`, as a user types it, with automation
  // allowed and a data folder of its own (no EOM_DB: the default database is the one under test).
  writeFileSync(wrapper, `#!/bin/sh
echo $$ > '${dir}/pid'
unset EOM_DB MAKEFLAGS MFLAGS MAKELEVEL
export TAURI_WEBVIEW_AUTOMATION=true XDG_DATA_HOME='${DATA}'
exec make -C '${REPO}' --no-print-directory run >'${dir}/make.log' 2>&1
`);
  chmodSync(wrapper, 0o755);
  const b = await remote({
    hostname: '127.0.0.1',
    port: Number(process.env.WEBDRIVER_PORT || 4444),
    path: '/',
    logLevel: 'warn',
    connectionRetryCount: 0,
    // `make run` checks the packages and rebuilds the UI before the window opens.
    connectionRetryTimeout: 300000,
    capabilities: { 'webkitgtk:browserOptions': { binary: wrapper, args: [] } },
  });
  const makePid = Number(readFileSync(join(dir, 'pid'), 'utf8').trim());
  try {
    await tid(b, 'load-sample').then((e) => e.waitForDisplayed({ timeout: 30000 }));
    await tid(b, 'create-mission').then((e) => e.waitForDisplayed({ timeout: 5000 }));
    assert.match(await b.getTitle(), /EOM Reporter/);
    await shot(b, 'make-run-first-start');
    const db = join(DATA, 'org.eom-reporter.app', 'mission.eom');
    assert.ok(existsSync(db), `the app opened the default database ${db}`);
  } finally {
    try { await b.deleteSession(); } catch { /* the app may be gone already */ }
    for (const pid of [...descendants(makePid), makePid]) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    for (let i = 0; i < 100 && alive(makePid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(!alive(makePid), 'make run ended once the app was closed');
});
