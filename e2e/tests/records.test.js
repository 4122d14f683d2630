// Journeys beyond the five: the report from the export screen, a counting visit that ends
// after midnight, editing and deleting an incident, deleting a visit, an encrypted database, a
// database that will not open (restored from a backup), trusted keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, quit, quitAndWait, tempDir, tid, click, clickRow, type, fill, text, waitText, shot, answerDialog, cliStats, scrollTo } from './harness.js';
import { createMission, importStations, addTeam, startVisit } from './steps.js';

async function select(b, id, value) {
  await b.execute((id, value) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, id, value);
}

test('(9) the mission report is exported as PDF and HTML from the export screen', async () => {
  const dir = tempDir('report');
  const db = join(dir, 'mission.eom');
  const pdf = join(dir, 'report.pdf');
  const html = join(dir, 'public.html');
  const b = await launch(dir, db);
  try {
    await click(b, 'load-sample');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
    await click(b, 'nav-exchange');
    answerDialog(b, pdf);
    await click(b, 'export-pdf');
    await waitText(b, 'written', (t) => t.includes('report.pdf'), 120000);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    const words = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(words, /Internal edition/i);
    assert.match(words, /assessed negatively/i);
    await shot(b, 'export-report');

    await select(b, 'report-edition', 'public');
    assert.equal(await (await tid(b, 'report-detail')).isEnabled(), false, 'no per-visit pages in the public edition');
    answerDialog(b, html);
    await click(b, 'export-html');
    await waitText(b, 'written', (t) => t.includes('public.html'), 60000);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<table/);
    assert.match(page, /Public edition/i);
  } finally {
    await quit(b);
  }
});

test('(10) a counting visit ends after midnight; an incident is edited and deleted; a visit is deleted', async () => {
  const dir = tempDir('records');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Night');
    await importStations(b, dir);
    await addTeam(b, 'T01', 'Baku');
    await startVisit(b, '101', '22:40', 'counting');
    // 00:30 typed on election day is the night after (the library places it), not 22 hours earlier.
    await type(b, 'depart-at', '00:30');
    await click(b, 'depart');
    await waitText(b, 'departure', (t) => t === '00:30');
    assert.equal(await (await tid(b, 'error')).isExisting(), false);

    // An incident recorded from the visit, then corrected, then withdrawn.
    await click(b, 'visit-incident');
    await type(b, 'inc-description', 'Observers asked to leave');
    await click(b, 'inc-save');
    await waitText(b, 'incident-list', (t) => t.includes('Observers asked to leave'));
    await click(b, 'inc-edit');
    await type(b, 'inc-description', 'Observers asked to stand back');
    await click(b, 'inc-save');
    await waitText(b, 'incident-list', (t) => t.includes('stand back') && !t.includes('to leave'));
    await shot(b, 'incidents');
    await click(b, 'inc-delete');
    await click(b, 'inc-delete-confirm');
    await waitText(b, 'incident-list', (t) => /No incidents/.test(t));

    // The visit is listed with its departure after midnight, then deleted.
    await click(b, 'nav-day');
    await waitText(b, 'visit-row-101', (t) => t.includes('22:40') && t.includes('00:30'));
    await clickRow(b, 'visit-row-101');
    await click(b, 'visit-delete');
    await click(b, 'visit-delete-confirm');
    await waitText(b, 'team-T01', (t) => /No visits/.test(t));
    assert.ok(existsSync(db));
    assert.ok((await text(b, 'team-T01')).length > 0);
  } finally {
    await quit(b);
  }
});

test('(11) an encrypted database asks for its passphrase; a wrong one says so and opens nothing', async () => {
  const dir = tempDir('locked');
  const db = join(dir, 'mission.eom');
  const pass = join(dir, 'passphrase');
  writeFileSync(pass, 'correct horse battery\n');
  // Its own signing key: an encrypted database seals the key with its passphrase, and the other
  // journeys sign with the shared one.
  const keyDir = join(dir, 'keys');
  // The CLI creates the database encrypted when given a passphrase file.
  execFileSync(process.env.EOM_CLI, ['--db', db, '--passphrase-file', pass, 'demo'], { env: { ...process.env, EOM_DB: '', EOM_KEY_DIR: keyDir } });
  let b = await launch(dir, db, { keyDir });
  try {
    await tid(b, 'unlock').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await type(b, 'unlock-passphrase', 'wrong');
    await click(b, 'unlock-open');
    await waitText(b, 'error', (t) => t.includes('passphrase does not open'));
    await shot(b, 'unlock');
    await fill(b, 'unlock-passphrase', 'correct horse battery');
    await click(b, 'unlock-open');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
  } finally {
    await quitAndWait(b);
  }
  // The start-up backup was taken, encrypted like the database.
  assert.ok(readdirSync(join(dir, 'backups')).some((f) => f.includes('-start')));

  // Its salt overwritten, the file no longer opens even with the right passphrase; the encrypted
  // backup is restored with the passphrase the user typed.
  damage(db, 0, 16);
  b = await launch(dir, db, { keyDir });
  try {
    await fill(b, 'unlock-passphrase', 'correct horse battery');
    await click(b, 'unlock-open');
    await waitText(b, 'error', (t) => t.includes('passphrase does not open'));
    await waitText(b, 'backup-list', (t) => t.includes('encrypted'));
    await restoreNewest(b);
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
  } finally {
    await quitAndWait(b);
  }
  assert.ok(readdirSync(dir).some((f) => f.startsWith('mission.eom.broken-')));
});

/** Overwrites `length` bytes of the file at `offset`, as a failing disk or a bad copy would. */
function damage(file, offset, length = 40) {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  closeSync(fd);
}

/** Restores the newest backup offered on the can't-open screen (asked in place, then confirmed). */
async function restoreNewest(b) {
  await tid(b, 'backup-list').then((e) => e.waitForDisplayed({ timeout: 10000 }));
  const id = await b.execute(() => document.querySelector('[data-testid="restore"] button[data-testid^="restore-2"]')?.dataset.testid);
  assert.ok(id, 'a restore button');
  await click(b, id);
  await click(b, `${id}-confirm`);
}

test('(12) a database that will not open shows why and offers its backups; restoring one carries on with the data', async () => {
  const dir = tempDir('restore');
  const db = join(dir, 'mission.eom');
  execFileSync(process.env.EOM_CLI, ['--db', db, 'demo'], { env: { ...process.env, EOM_DB: '' } });
  const before = cliStats(db);
  const visits = String(before.coverage.visits);
  // The app's start takes the first backup.
  let b = await launch(dir, db);
  try {
    await waitText(b, 'fig-visits', (t) => t === visits, 20000);
  } finally {
    await quitAndWait(b);
  }
  assert.ok(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('-start')));

  // Page 1 damaged past the header: SQLite finds the file malformed.
  damage(db, 100);
  b = await launch(dir, db);
  try {
    await waitText(b, 'unopened-reason', (t) => t.includes('malformed'));
    await waitText(b, 'backup-list', (t) => /App started/.test(t) && /checked/.test(t));
    await shot(b, 'restore-backup');
    await restoreNewest(b);
    await waitText(b, 'fig-visits', (t) => t === visits, 20000);
    await waitText(b, 'restored', (t) => /was restored/.test(t));
    await shot(b, 'restored');
  } finally {
    await quitAndWait(b);
  }
  assert.ok(readdirSync(dir).some((f) => f.startsWith('mission.eom.broken-')), 'the damaged file is kept aside');
  assert.deepEqual(cliStats(db).coverage, before.coverage);

  // The first bytes overwritten: the file no longer starts like SQLite, so the library takes it
  // for an encrypted one; its backups are plaintext, and the app says the file looks damaged.
  damage(db, 0);
  b = await launch(dir, db);
  try {
    await tid(b, 'unlock').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await tid(b, 'restore-damaged').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await shot(b, 'restore-damaged');
    await restoreNewest(b);
    await waitText(b, 'fig-visits', (t) => t === visits, 20000);
  } finally {
    await quitAndWait(b);
  }
  assert.deepEqual(cliStats(db).coverage, before.coverage);
});

test('(13) enrolled keys: the laptop that opened the mission is core; its own bundle reads back as such; a key enrolled for a team by fingerprint, then removed; a backup on request', async () => {
  const dir = tempDir('keys');
  const db = join(dir, 'mission.eom');
  const bundle = join(dir, 'bundle.json');
  const b = await launch(dir, db);
  let ownKey;
  const other = 'ab12-cd34-ef56-7890-1122-3344-5566-7788';
  try {
    await click(b, 'load-sample');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
    await click(b, 'nav-mission');
    ownKey = await text(b, 'key-fingerprint');
    assert.match(ownKey, /^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/, 'a fingerprint of 128 bits');
    // The full public key beside it: 32 bytes in base64.
    assert.match(await text(b, 'key-public'), /^[A-Za-z0-9+/]{43}=$/);
    await scrollTo(b, 'signing-key');
    await shot(b, 'signing-key');
    await waitText(b, `trusted-${ownKey}`, (t) => t.includes('Core team'));

    // This laptop's own bundle, read back: signed by the mission's core key.
    await click(b, 'nav-exchange');
    answerDialog(b, bundle);
    await click(b, 'export-bundle');
    await waitText(b, 'written', (t) => t.includes('bundle.json'), 60000);
    answerDialog(b, bundle);
    await click(b, 'import-choose');
    await waitText(b, 'import-signer', (t) => t.includes(ownKey) && t.includes('Core team'), 20000);
    await click(b, 'import-apply');
    await tid(b, 'import-done').then((e) => e.waitForDisplayed({ timeout: 30000 }));

    // Settings: another laptop's key enrolled for team T03 by the fingerprint it read out.
    await click(b, 'nav-mission');
    await fill(b, 'trust-fingerprint', other.toUpperCase().replace(/-/g, ' '));
    await fill(b, 'trust-name', 'Team 3');
    await b.$('[data-testid="trust-role"]').then((s) => s.selectByAttribute('value', 'T03'));
    await click(b, 'trust-add');
    await waitText(b, `trusted-${other}`, (t) => t.includes('Team 3') && t.includes('T03'));
    await click(b, 'backup-now');
    await tid(b, 'backup-taken').then((e) => e.waitForDisplayed({ timeout: 20000 }));
    await waitText(b, 'backup-list', (t) => t.includes('On request'));
    await scrollTo(b, 'trusted-keys');
    await shot(b, 'trusted-keys');

    await click(b, `untrust-${other}`);
    await click(b, `untrust-${other}-confirm`);
    await b.waitUntil(async () => !(await (await tid(b, `trusted-${other}`)).isExisting()), { timeout: 10000 });
    assert.ok((await text(b, 'trusted-list')).includes('Core team'));
  } finally {
    await quit(b);
  }
  // The CLI reads the same list from the database.
  const keys = JSON.parse(execFileSync(process.env.EOM_CLI, ['--db', db, 'keys', 'list', '--json'], { encoding: 'utf8', env: { ...process.env, EOM_DB: '' } }));
  assert.deepEqual(keys.map((k) => [k.fingerprint, k.name, k.role]), [[ownKey, 'Core team', 'core']]);
  assert.ok(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('-manual')));
});

test('(16) the tabulation: a commission in the station list, a tabulation visit and checklist, the dashboard counts it per commission', async () => {
  const dir = tempDir('tabulation');
  const db = join(dir, 'mission.eom');
  const b = await launch(dir, db);
  try {
    await createMission(b, 'Tabulation delegation');
    const csv = join(dir, 'stations.csv');
    writeFileSync(csv, 'code;name;region;kind\n101;School No. 1;Baku;\nDEC-1;Constituency Election Commission No. 1;Baku;commission\nDEC-2;Constituency Election Commission No. 2;Baku;commission\n');
    answerDialog(b, csv);
    await click(b, 'nav-stations');
    await click(b, 'csv-choose');
    await tid(b, 'csv-preview').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await click(b, 'csv-import');
    await waitText(b, 'csv-report', (t) => /3 added/.test(t));
    await tid(b, 'commission-DEC-1').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await addTeam(b, 'T01', 'Baku');
    // Choosing a commission starts the visit with the tabulation phase.
    await click(b, 'nav-day');
    await click(b, 'start-visit');
    await type(b, 'sv-arrival', '23:10');
    await type(b, 'sv-station', 'DEC-1');
    await click(b, 'sv-hit-DEC-1');
    assert.equal(await (await tid(b, 'sv-phase-tabulation')).isSelected(), true);
    assert.equal(await (await tid(b, 'sv-phase-voting')).isSelected(), false);
    await click(b, 'sv-submit');
    await tid(b, 'checklist-tabulation').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await click(b, 'a-T06-yes');
    await waitText(b, 'saved-T06', (t) => t.includes('Saved'));
    await click(b, 'a-T99-bad');
    await waitText(b, 'saved-T99', (t) => t.includes('Saved'));
    await type(b, 'a-T19', 'Protocols were corrected at the table without a decision.');
    await waitText(b, 'saved-T19', (t) => t.includes('Saved'));
    await shot(b, 'visit-tabulation');
    await click(b, 'nav-dashboard');
    await waitText(b, 'neg-tabulation', (t) => t === '1 of 1');
    await waitText(b, 'tab-observed', (t) => t.includes('1 of 2 commissions'));
    const cli = cliStats(db);
    if (cli) {
      assert.equal(cli.tabulation.commissions_total, 2);
      assert.equal(cli.tabulation.commissions_negative_display, '1 of 1');
      assert.equal(cli.coverage.visits, 0, 'coverage is of polling stations');
      assert.equal(cli.coverage.stations_total, 1);
    }
  } finally {
    await quit(b);
  }
});
