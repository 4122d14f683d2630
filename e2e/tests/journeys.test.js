// The desktop app's journeys (issue 3), in the real window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, quit, tempDir, tid, click, clickRow, type, text, waitText, shot, answerDialog, appPid, cliStats, scrollTo } from './harness.js';
import { createMission, importStations, addTeam, startVisit } from './steps.js';

test('(1) first start -> sample mission -> the dashboard shows the figures of `eom stats --json`', async () => {
  const dir = tempDir('sample');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await tid(b, 'load-sample').then((e) => e.waitForDisplayed({ timeout: 20000 }));
    await shot(b, 'first-start');
    await click(b, 'load-sample');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
    await shot(b, 'dashboard');
    const ui = {
      teams: Number(await text(b, 'fig-teams')),
      observers: Number(await text(b, 'fig-observers')),
      visits: Number(await text(b, 'fig-visits')),
      stations: Number(await text(b, 'fig-stations')),
      negVoting: await text(b, 'neg-voting'),
      negOpening: await text(b, 'neg-opening'),
      negCounting: await text(b, 'neg-counting'),
    };
    const cli = cliStats(db);
    if (cli) {
      assert.equal(ui.teams, cli.coverage.teams);
      assert.equal(ui.observers, cli.coverage.observers);
      assert.equal(ui.visits, cli.coverage.visits);
      assert.equal(ui.stations, cli.coverage.stations_visited);
      assert.equal(ui.negVoting, cli.assessments.voting.negative_display);
      assert.equal(ui.negOpening, cli.assessments.opening.negative_display);
      assert.equal(ui.negCounting, cli.assessments.counting.negative_display);
      // The sample's tabulation at election commissions, counted per commission.
      assert.equal(await text(b, 'neg-tabulation'), cli.tabulation.commissions_negative_display);
      assert.equal(cli.tabulation.commissions_negative_display, '1 of 2');
      await scrollTo(b, 'tabulation');
      await shot(b, 'dashboard-tabulation');
    } else {
      assert.ok(ui.visits > 30, 'the sample has about 40 visits');
    }
    // The phase filter narrows what the filter table says, as `eom stats --phase` does: the
    // visits that observed counting, but not the teams (docs/statistics.md).
    await b.$('[data-testid="f-phase"]').then((s) => s.selectByAttribute('value', 'counting'));
    const counting = cliStats(db, { args: ['--phase', 'counting'] });
    if (counting) {
      await waitText(b, 'fig-visits', (t) => Number(t) === counting.coverage.visits);
      assert.ok(counting.coverage.visits < ui.visits);
      assert.equal(Number(await text(b, 'fig-teams')), counting.coverage.teams);
      assert.equal(counting.coverage.teams, ui.teams, 'teams are not narrowed by phase');
    }
    // The other screens render with the sample data (screenshots for the docs).
    await click(b, 'nav-day');
    await tid(b, 'team-T01').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await shot(b, 'day');
    await click(b, 'nav-review');
    const row = await b.$('[data-testid^="review-row-"] td');
    await row.waitForClickable({ timeout: 10000 });
    await row.click();
    await type(b, 'review-comment', 'Please check the queue answer.');
    await click(b, 'review-flag');
    await waitText(b, 'review-status', (t) => /Flagged/.test(t));
    await shot(b, 'review');
    await click(b, 'nav-incidents');
    await tid(b, 'incident-list').then((e) => e.waitForDisplayed());
    await shot(b, 'incidents');
    // Russian UI.
    await b.$('[data-testid="lang"]').then((s) => s.selectByAttribute('value', 'ru'));
    await click(b, 'nav-dashboard');
    await waitText(b, 'nav-dashboard', (t) => t === 'Сводка');
    await shot(b, 'dashboard-ru');
    // The sample's protocol failures: check names in Russian, the figures as formulas.
    await scrollTo(b, 'protocol-failures');
    await waitText(b, 'protocol-failures', (t) => t.includes('Сумма голосов') && t.includes('Σ 1077 ≠ 1084'));
    await shot(b, 'dashboard-protocol-ru');
    await b.$('[data-testid="lang"]').then((s) => s.selectByAttribute('value', 'en'));
  } finally {
    await quit(b);
  }
});

test('(2) create a mission -> import stations -> visit -> voting checklist with a bad assessment -> depart -> dashboard counts it', async () => {
  const dir = tempDir('journey');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Test delegation');
    await importStations(b, dir);
    await shot(b, 'stations');
    await addTeam(b, 'T01', 'Baku');
    await type(b, 'obs-name', 'Anna Petrova');
    await b.$('[data-testid="obs-team"]').then((s) => s.selectByVisibleText('T01'));
    await click(b, 'obs-add');
    await waitText(b, 'team-members-T01', (t) => t === '1');
    await shot(b, 'roster');
    await startVisit(b, '101', '09:10');
    await tid(b, 'checklist-voting').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await type(b, 'vh-list', '1500');
    await type(b, 'vh-voted', '420');
    await click(b, 'a-V01-yes'); // moves focus out of the header field, which saves it
    // The team's observer is offered as present at the visit.
    assert.match(await text(b, 'visit-present'), /Anna Petrova/);
    await shot(b, 'visit');
    // A photo from the file picker (the dialog answered by the test), stored as it is.
    const photo = new URL('../../src-tauri/icons/128x128.png', import.meta.url).pathname;
    answerDialog(b, photo);
    await click(b, 'attach-visit');
    // It shows as a thumbnail (bytes as a data: URL) and opens in the viewer.
    const thumb = await b.$('[data-testid="attachments-visit"] [data-testid="attachment"] img');
    await thumb.waitForDisplayed({ timeout: 10000, timeoutMsg: 'photo not attached' });
    assert.match(await thumb.getAttribute('src'), /^data:image\/png;base64,/);
    await click(b, 'attachment');
    await click(b, 'attachment-close');
    // An observation break, entered in the mission's time zone.
    await type(b, 'break-from', '09:30');
    await type(b, 'break-to', '09:40');
    await click(b, 'break-add');
    await b.waitUntil(async () => (await (await b.$('.breaks')).getText()).includes('09:30–09:40'), { timeout: 10000 });
    // Keyboard: y / n / o answer and move to the next question.
    await click(b, 'a-V01-yes');
    await waitText(b, 'saved-V01', (t) => t.includes('Saved'));
    await b.execute(() => document.querySelector('[data-testid="a-V01-yes"]').focus());
    await b.keys(['Enter']);
    await b.keys(['n']);
    await waitText(b, 'saved-V02', (t) => t.includes('Saved'));
    await b.keys(['o']);
    await waitText(b, 'saved-V03', (t) => t.includes('Saved'));
    // Overall assessment: bad, which asks for an explanation.
    await click(b, 'a-V99-bad');
    await waitText(b, 'saved-V99', (t) => t.includes('Saved'));
    await waitText(b, 'finding-V35', (t) => /explanation/i.test(t));
    await shot(b, 'visit-checklist');
    await type(b, 'a-V35', 'Ballots were handed out without checking identity documents.');
    await waitText(b, 'saved-V35', (t) => t.includes('Saved'));
    assert.equal(await (await tid(b, 'finding-V35')).isExisting(), false);
    await type(b, 'depart-at', '10:05');
    await click(b, 'depart');
    await waitText(b, 'departure', (t) => t === '10:05');
    // An incident recorded from the visit: team and station come with it.
    await click(b, 'visit-incident');
    await type(b, 'inc-description', 'Party agitator inside the polling station.');
    await click(b, 'inc-save');
    await b.waitUntil(async () => (await b.$$('[data-testid="incident-list"] tbody tr')).length === 1 &&
      (await (await b.$('[data-testid="incident-list"] tbody tr')).getText()).includes('Party agitator'), { timeout: 10000 });
    await click(b, 'nav-dashboard');
    await waitText(b, 'fig-visits', (t) => t === '1');
    await waitText(b, 'incidents', (t) => /Incidents \(1\)/.test(t));
    await waitText(b, 'neg-voting', (t) => t === '1 of 1');
    const cli = cliStats(db);
    if (cli) {
      assert.equal(cli.assessments.voting.bad, 1);
      assert.equal(cli.coverage.observing_minutes, 45, '09:10 to 10:05 less a 10-minute break');
      assert.equal(cli.coverage.visits, 1);
    }
    // Starting a visit elsewhere while one is open asks for its departure time.
    await startVisit(b, '102', '10:30');
    await click(b, 'nav-day');
    await click(b, 'start-visit');
    await tid(b, 'sv-current-visit').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await shot(b, 'start-visit-open');
  } finally {
    await quit(b);
  }
});

test('(3) killing the app mid-checklist loses nothing shown as saved', async () => {
  const dir = tempDir('kill');
  const db = join(dir, 'mission.eom');
  let b = await launch(dir, db);
  let visitCode = '201';
  try {
    await createMission(b, 'Kill test');
    await importStations(b, dir);
    await addTeam(b, 'T02', 'Ganja');
    await startVisit(b, visitCode, '08:00');
    await tid(b, 'checklist-voting').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await click(b, 'a-V01-yes');
    await waitText(b, 'saved-V01', (t) => t.includes('Saved'));
    await click(b, 'a-V02-no');
    await waitText(b, 'saved-V02', (t) => t.includes('Saved'));
    await click(b, 'a-V99-very_bad');
    await waitText(b, 'saved-V99', (t) => t.includes('Saved'));
    await type(b, 'a-V35', 'Serious problems');
    await waitText(b, 'saved-V35', (t) => t.includes('Saved'));
  } finally {
    process.kill(appPid(b), 'SIGKILL');
    await quit(b);
  }
  b = await launch(dir, db);
  try {
    await click(b, 'nav-day');
    await clickRow(b, `visit-row-${visitCode}`);
    await tid(b, 'checklist-voting').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    const pressed = async (id) => (await (await tid(b, id)).getAttribute('aria-pressed')) === 'true';
    assert.ok(await pressed('a-V01-yes'));
    assert.ok(await pressed('a-V02-no'));
    assert.ok(await pressed('a-V99-very_bad'));
    assert.equal(await (await tid(b, 'a-V35')).getValue(), 'Serious problems');
  } finally {
    await quit(b);
  }
});

test('(4) a bad station CSV shows its line-level errors and imports nothing', async () => {
  const dir = tempDir('badcsv');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Bad CSV');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'code,name,region,registered_voters\n1,School,Baku,100\n2,Clinic,Baku,many\n,No code,Baku,10\n');
    answerDialog(b, csv);
    await click(b, 'nav-stations');
    await click(b, 'csv-choose');
    await waitText(b, 'preview-errors', (t) => t.includes('registered_voters'));
    await click(b, 'csv-import');
    await waitText(b, 'line-errors', (t) => t.length > 0);
    const lines = [];
    for (const cell of await b.$$('[data-testid="line-errors"] tbody tr td:first-child')) lines.push(await cell.getText());
    assert.deepEqual(lines, ['3', '4']);
    await shot(b, 'stations-csv-errors');
    assert.match(await text(b, 'station-count'), /^0 /);
    // Mission settings: a change is saved and shown in the header.
    await click(b, 'nav-mission');
    await type(b, 'ms-name', 'Bad CSV (renamed)');
    await click(b, 'ms-save');
    await tid(b, 'ms-saved').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await waitText(b, 'mission-name', (t) => t.includes('Bad CSV (renamed)'));
    await shot(b, 'mission-settings');
  } finally {
    await quit(b);
  }
});

test('(5) export a bundle and import it into a second database', async () => {
  const dir = tempDir('bundle');
  const db = join(dir, 'mission.eom');
  const bundle = join(dir, 'team.json');
  let b = await launch(dir, db);
  try {
    await click(b, 'load-sample');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
    answerDialog(b, bundle);
    await click(b, 'nav-exchange');
    await click(b, 'export-bundle');
    await waitText(b, 'written', (t) => t.includes('team.json'), 20000);
    assert.ok(existsSync(bundle));
    assert.equal(JSON.parse(readFileSync(bundle, 'utf8')).format, 'eom-bundle');
    // Analyst CSV into a chosen folder.
    answerDialog(b, dir);
    await click(b, 'export-csv');
    await waitText(b, 'written', (t) => t.includes('.csv'), 20000);
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.csv')));
  } finally {
    await quit(b);
  }
  const dir2 = tempDir('bundle2');
  const db2 = join(dir2, 'mission.eom');
  b = await launch(dir2, db2);
  try {
    answerDialog(b, bundle);
    await click(b, 'first-import');
    await click(b, 'import-choose');
    await tid(b, 'import-preview').then((e) => e.waitForDisplayed({ timeout: 20000 }));
    const visits = await text(b, 'kind-visits');
    assert.match(visits, /\d+/);
    await shot(b, 'import-preview');
    await click(b, 'import-apply');
    await tid(b, 'import-done').then((e) => e.waitForDisplayed({ timeout: 20000 }));
    await click(b, 'to-dashboard');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0);
    const a = cliStats(db), c = cliStats(db2);
    if (a && c) {
      assert.deepEqual(c.coverage, a.coverage);
      assert.deepEqual(c.assessments, a.assessments);
    }
  } finally {
    await quit(b);
  }
});

test('(6) a 10,000-station list imports with progress and is searched instantly', async () => {
  const dir = tempDir('big');
  const db = join(dir, 'mission.eom');
  const regions = ['Baku', 'Ganja', 'Sumgait', 'Shusha', 'Khankendi', 'Lankaran', 'Shaki', 'Mingachevir'];
  const rows = ['code,name,address,region,district,setting,registered_voters'];
  for (let i = 1; i <= 10000; i++) {
    const r = regions[i % regions.length];
    rows.push(`${String(i).padStart(5, '0')},School No. ${i},${i} Main St,${r},${r} district ${i % 13},${i % 3 ? 'urban' : 'rural'},${800 + (i % 900)}`);
  }
  const csv = join(dir, 'stations-10k.csv');
  writeFileSync(csv, rows.join('\n') + '\n');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Big list');
    answerDialog(b, csv);
    await click(b, 'nav-stations');
    await click(b, 'csv-choose');
    await tid(b, 'csv-preview').then((e) => e.waitForDisplayed({ timeout: 20000 }));
    await click(b, 'csv-import');
    await waitText(b, 'station-count', (t) => t.startsWith('10000'), 60000);
    // Type a query and time until the list shows only matching stations.
    const t0 = Date.now();
    await type(b, 'station-search', '07777');
    await b.waitUntil(async () => {
      const cells = await b.$$('[data-testid="station-list"] tbody tr td:first-child');
      return cells.length === 1 && (await cells[0].getText()) === '07777';
    }, { timeout: 5000, interval: 20 });
    const ms = Date.now() - t0;
    console.log(`search over 10,000 stations answered in ${ms} ms (including WebDriver typing)`);
    assert.ok(ms < 1500, `search took ${ms} ms`);
    await type(b, 'station-search', 'Shusha district 5');
    await b.waitUntil(async () => (await b.$$('[data-testid="station-list"] tbody tr')).length > 0, { timeout: 5000 });
    await shot(b, 'stations-search');
  } finally {
    await quit(b);
  }
});

test('(7) a whole voting checklist filled and submitted from the keyboard alone', async () => {
  const dir = tempDir('keyboard');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Keyboard');
    await importStations(b, dir);
    await addTeam(b, 'T03', 'Shamakhi');
    await startVisit(b, '301', '11:00');
    await tid(b, 'checklist-voting').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await b.execute(() => document.querySelector('[data-testid="a-V01-yes"]').focus());
    const seen = [];
    for (let i = 0; i < 120; i++) {
      const f = await b.execute(() => {
        const el = document.activeElement;
        const q = el && el.closest('[data-q]');
        return q ? { code: q.dataset.q, qt: q.dataset.qtype, tag: el.tagName, tid: el.dataset.testid || '', type: el.type, ph: el.placeholder || '' } : { tid: el ? el.dataset.testid || '' : '' };
      });
      if (!f.code) break;
      seen.push(f.code);
      if (f.qt === 'yes_no') await b.keys(['n']);
      else if (f.qt === 'assessment') await b.keys(['2']);
      else if (f.qt === 'photo') await b.keys(['Tab']); // nothing to attach
      else if (f.tag === 'BUTTON') { await b.keys(['Enter']); await b.pause(150); await b.keys(['Enter']); }
      else if (f.tag === 'INPUT' && f.type === 'checkbox') { await b.keys([' ']); await b.pause(150); await b.keys(['Enter']); }
      else if (f.tag === 'INPUT') { await b.keys([...(f.ph === 'HH:MM' ? '11:20' : '12').split(''), 'Enter']); }
      else if (f.tag === 'TEXTAREA') { /* WebKitWebDriver drops spaces and repeated letters in key sequences */ await b.keys([...'Calm.'.split('')]); await b.keys(['Control', 'Enter']); await b.keys(['Control']); }
      // Wait until the answer is saved and focus has moved on (the last question keeps it).
      await b.waitUntil(async () => (await b.execute(() => document.activeElement?.closest('[data-q]')?.dataset.q ?? '')) !== f.code,
        { timeout: 3000 }).catch(() => {});
    }
    assert.equal(await (await tid(b, 'a-V36')).getValue(), 'Calm.');
    assert.ok(seen.length > 20, `keyboard walk reached ${seen.length} questions`);
    // Focus ends on "Submit checklist"; Enter submits.
    await b.waitUntil(async () => (await b.execute(() => document.activeElement?.dataset?.testid)) === 'submit-checklist', { timeout: 5000 });
    await b.keys(['Enter']);
    await tid(b, 'submitted').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await shot(b, 'checklist-submitted');
  } finally {
    await quit(b);
  }
});

test('(8) protocol figures are checked as they are typed', async () => {
  const dir = tempDir('protocol');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Count');
    await importStations(b, dir);
    await addTeam(b, 'T04', 'Baku');
    await startVisit(b, '102', '19:30', 'counting');
    await tid(b, 'checklist-counting').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    const fill = async (id, v) => {
      // Typed into the field as the user would, then the input event the browser fires.
      await b.execute((id, v) => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        el.focus(); el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));
      }, id, v);
      await waitText(b, `saved-${id.replace(/^a-/, '').split('-')[0]}`, (t) => t.includes('Saved'));
    };
    await fill('a-C24', '500');
    await fill('a-C25', '0');
    await fill('a-C26', '10');
    await fill('a-C27', '480');
    await waitText(b, 'protocol-checks', (t) => /do not reconcile/.test(t));
    await fill('a-C27', '490');
    await waitText(b, 'protocol-checks', (t) => /no discrepancy/.test(t));
    await fill('a-C28-Candidate A', '300');
    await fill('a-C28-Candidate B', '100');
    await waitText(b, 'protocol-checks', (t) => /do not reconcile/.test(t));
    await b.execute(() => document.querySelector('[data-testid="q-C27"]').scrollIntoView());
    await shot(b, 'protocol-check');
    await fill('a-C28-Candidate B', '190');
    await waitText(b, 'protocol-checks', (t) => /no discrepancy/.test(t));
  } finally {
    await quit(b);
  }
});
