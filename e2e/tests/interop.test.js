// Working with other tools from the app (issue 14): the export screen writes the Excel workbook,
// the stations as GeoJSON and the blank paper forms; Mission settings → Checklists exports a
// template as an XLSForm and refuses to import a form over a built-in checklist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, quit, tempDir, click, waitText, shot, answerDialog, cliStats, scrollTo } from './harness.js';

const magic = (path, bytes) => existsSync(path) && readFileSync(path).subarray(0, bytes.length).equals(Buffer.from(bytes));

test('(18) other tools: workbook, GeoJSON and paper forms from the export screen; a template out as an XLSForm and a built-in one refused back in', async () => {
  const dir = tempDir('interop');
  const db = join(dir, 'mission.eom');
  execFileSync(process.env.EOM_CLI, ['--db', db, 'demo'], { env: { ...process.env, EOM_DB: '' } });
  const stats = cliStats(db);
  const b = await launch(dir, db);
  try {
    await waitText(b, 'fig-visits', (t) => Number(t) === stats.coverage.visits, 20000);
    await click(b, 'nav-exchange');

    const xlsx = join(dir, 'mission.xlsx');
    answerDialog(b, xlsx);
    await scrollTo(b, 'tools-card');
    await click(b, 'export-xlsx');
    await waitText(b, 'written', (t) => t.includes('mission.xlsx'), 60000);
    assert.ok(magic(xlsx, [0x50, 0x4b, 0x03, 0x04]), 'the workbook is a zip (xlsx)');

    // The sample's station list has no coordinates: the file is empty and the screen says why.
    const geojson = join(dir, 'stations.geojson');
    answerDialog(b, geojson);
    await click(b, 'export-geojson');
    // Every station of the list is missing: the polling stations and the election commissions.
    const missing = await waitText(b, 'geojson-missing', (t) => /^\d+ stations? ha(s|ve) no coordinates/.test(t), 30000);
    assert.ok(Number(missing.split(' ')[0]) >= stats.coverage.stations_total, missing);
    const fc = JSON.parse(readFileSync(geojson, 'utf8'));
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, 0);

    const forms = join(dir, 'forms.pdf');
    answerDialog(b, forms);
    await click(b, 'export-forms');
    await waitText(b, 'written', (t) => t.includes('forms.pdf'), 60000);
    assert.ok(magic(forms, [0x25, 0x50, 0x44, 0x46]), 'the forms are a PDF');
    await shot(b, 'export-tools');

    await click(b, 'nav-mission');
    await scrollTo(b, 'templates-card');
    const form = join(dir, 'voting.xlsx');
    answerDialog(b, form);
    await click(b, 'xlsform-export-voting-1');
    await waitText(b, 'xlsform-written', (t) => t.includes('voting.xlsx'), 30000);
    assert.ok(magic(form, [0x50, 0x4b, 0x03, 0x04]), 'the XLSForm is a workbook');
    // Back in: its form_id is the built-in `voting`, which a form never replaces.
    answerDialog(b, form);
    await click(b, 'xlsform-import');
    await waitText(b, 'error', (t) => t.includes('voting'), 30000);
    await shot(b, 'xlsform-refused');
  } finally {
    await quit(b);
  }
});
