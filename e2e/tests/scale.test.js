// The app at a mission's real size: a generated 20,000-visit mission (made once by the CLI), every
// screen opened, Review filtered to negative checklists and one approved. The timings are printed and
// written to $E2E_TIMINGS (docs/benchmarks.md records them); they are never assertions. The one
// assertion on time compares two commands asked at the same instant during a long preview: the one
// that needs no store must not wait behind the one that does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, quit, tempDir, click, waitText, shot, cliStats, answerDialog, tid } from './harness.js';
import { walkScreens } from '../screens.js';

const VISITS = Number(process.env.E2E_SCALE_VISITS || 20000);

test(`(17) a ${VISITS.toLocaleString('en')}-visit mission: every screen opens, Review filters the negative checklists and approves one; during a preview a command without the store does not wait`, async () => {
  const dir = tempDir('scale');
  const db = join(dir, 'mission.eom');
  execFileSync(process.env.EOM_CLI, ['--db', db, 'demo', '--visits', String(VISITS)], { env: { ...process.env, EOM_DB: '' } });
  const stats = cliStats(db);
  assert.equal(stats.coverage.visits, VISITS);
  const negative = Object.values(stats.assessments).reduce((n, a) => n + a.negative, 0);
  // The whole mission as a bundle, to preview back into it below (the preview holds the store).
  const bundle = join(dir, 'mission.json');
  execFileSync(process.env.EOM_CLI, ['--db', db, 'export', '--format', 'json', '--out', bundle], { env: { ...process.env, EOM_DB: '' } });
  const b = await launch(dir, db);
  try {
    const t0 = Date.now();
    await waitText(b, 'fig-visits', (t) => Number(t) === VISITS, 120000);
    const times = { launch_to_dashboard: Date.now() - t0, ...(await walkScreens(b, stats)) };
    // Review, negative checklists: the count is the statistics' own.
    await click(b, 'nav-review');
    await b.$('[data-testid="review-filter"]').then((s) => s.selectByAttribute('value', 'negative'));
    await waitText(b, 'review-totals', (t) => t.startsWith(`${negative.toLocaleString('en')} checklists`), 120000);
    await shot(b, 'review-scale');
    // Approve the first negative checklist: the approved filter then counts exactly one.
    await b.$('[data-testid^="review-row-"] td').then((e) => e.click());
    await click(b, 'review-approve');
    await waitText(b, 'review-status', (t) => /Approved/.test(t));
    await b.$('[data-testid="review-filter"]').then((s) => s.selectByAttribute('value', 'approved'));
    await waitText(b, 'review-totals', (t) => t.startsWith('1 checklists'));
    // While the preview of the whole mission's bundle holds the store, a command that needs the
    // store waits for it, and one that does not answers at once: no command waits on the thread
    // that draws the window (ARCHITECTURE.md, invariant 14). Before, the first froze the window
    // and the second answered only after it.
    answerDialog(b, bundle);
    await click(b, 'nav-exchange');
    await click(b, 'import-choose');
    await b.setTimeout({ script: 300000 });
    const probe = await b.executeAsync((done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const t0 = performance.now();
      const out = {};
      const end = (k) => () => { out[k] = Math.round(performance.now() - t0); if (out.store !== undefined && out.free !== undefined) done(out); };
      invoke('teams').then(end('store'), end('store'));
      invoke('answer_values').then(end('free'), end('free'));
    });
    await tid(b, 'import-preview').then((e) => e.waitForDisplayed({ timeout: 300000 }));
    console.log(`during the preview of ${VISITS} visits (ms from the probe): a store command ${probe.store}, a command without the store ${probe.free}`);
    times.preview_store_command = probe.store;
    times.preview_free_command = probe.free;
    // The preview takes seconds here; a probe that came after it ended proves nothing either way.
    if (probe.store >= 2000) assert.ok(probe.free < probe.store / 2, `a command without the store waited behind one with it: ${JSON.stringify(probe)}`);
    console.log(`scale timings (${VISITS} visits, ms): ${JSON.stringify(times)}`);
    if (process.env.E2E_TIMINGS) writeFileSync(process.env.E2E_TIMINGS, JSON.stringify({ visits: VISITS, ms: times }, null, 2));
  } finally {
    await quit(b);
  }
});
