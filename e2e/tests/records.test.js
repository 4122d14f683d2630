// Journeys beyond the five: the report from the export screen, a counting visit that ends
// after midnight, editing and deleting an incident, deleting a visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, quit, tempDir, tid, click, clickRow, type, text, waitText, shot, answerDialog } from './harness.js';
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
    await click(b, 'open-sample');
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
  // The CLI creates the database encrypted when given a passphrase file.
  execFileSync(process.env.EOM_CLI, ['--db', db, '--passphrase-file', pass, 'demo'], { env: { ...process.env, EOM_DB: '' } });
  const b = await launch(dir, db);
  try {
    await tid(b, 'unlock').then((e) => e.waitForDisplayed({ timeout: 10000 }));
    await type(b, 'unlock-passphrase', 'wrong');
    await click(b, 'unlock-open');
    await waitText(b, 'error', (t) => t.includes('passphrase does not open'));
    await shot(b, 'unlock');
    await type(b, 'unlock-passphrase', 'correct horse battery');
    await click(b, 'unlock-open');
    await waitText(b, 'fig-visits', (t) => Number(t) > 0, 20000);
  } finally {
    await quit(b);
  }
  // The start-up backup was taken, encrypted like the database.
  assert.ok(readdirSync(join(dir, 'backups')).some((f) => f.includes('-start')));
});
