// Steps shared by the journeys: the way a user sets up a mission in the app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tid, click, type, waitText, shot, answerDialog } from './harness.js';

export const STATIONS_CSV = [
  'code;name;address;region;district;setting;registered_voters',
  '101;School No. 1;1 Nizami St;Baku;Sabail;urban;1500',
  '102;School No. 2;2 Fizuli St;Baku;Nasimi;urban;1800',
  '201;Culture House;Central Sq;Ganja;Kapaz;urban;1200',
  '301;Village Club;Main Rd;Shamakhi;Shamakhi;rural;600',
].join('\n') + '\n';

/** Fills the first-start form; with `passphrase` the mission is created encrypted (typed twice),
 *  without it through "Continue without encryption". */
export async function createMission(b, name, { passphrase } = {}) {
  await type(b, 'm-name', name);
  await type(b, 'm-country', 'Azerbaijan');
  await type(b, 'm-election', 'Early presidential election');
  // Typed day first, as the English UI writes dates, and confirmed in words.
  await type(b, 'm-date', '07/02/2024');
  await waitText(b, 'm-date-words', (t) => t === 'Wednesday, 7 February 2024');
  // The zone is found by typing the city and picked from the list, with its offset shown.
  await type(b, 'm-tz', 'Baku');
  await tid(b, 'tz-Asia/Baku').then((e) => e.waitForDisplayed({ timeout: 10000 }));
  await shot(b, 'first-start-zone');
  await click(b, 'tz-Asia/Baku');
  await waitText(b, 'm-tz-offset', (t) => t.startsWith('UTC+04:00'));
  // One candidate per line (WebKitWebDriver drops the newline from typed text).
  await b.execute(() => {
    const el = document.querySelector('[data-testid="m-candidates"]');
    el.value = 'Candidate A\nCandidate B';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if (passphrase) {
    await type(b, 'm-pass', passphrase);
    await type(b, 'm-pass-again', passphrase);
    await waitText(b, 'm-pass-hint', (t) => t.length > 0);
    await b.execute(() => document.querySelector('[data-testid="m-pass"]').scrollIntoView({ block: 'center' }));
    await shot(b, 'first-start-passphrase');
    await click(b, 'm-create');
  } else {
    await click(b, 'm-create-plain');
  }
  await waitText(b, 'mission-name', (t) => t.includes(name), 20000);
}

export async function importStations(b, dir) {
  const csv = join(dir, 'stations.csv');
  writeFileSync(csv, STATIONS_CSV);
  answerDialog(b, csv);
  await click(b, 'nav-stations');
  await click(b, 'csv-choose');
  await tid(b, 'csv-preview').then((e) => e.waitForDisplayed({ timeout: 10000 }));
  await shot(b, 'stations-import-preview');
  await click(b, 'csv-import');
  await waitText(b, 'csv-report', (t) => /4 added|добавлено 4/.test(t));
  await waitText(b, 'station-count', (t) => t.includes('4'));
}

export async function addTeam(b, code, area) {
  await click(b, 'nav-roster');
  await type(b, 'team-code', code);
  await type(b, 'team-area', area);
  await click(b, 'team-add');
  await tid(b, `team-row-${code}`).then((e) => e.waitForDisplayed({ timeout: 10000 }));
}

export async function startVisit(b, stationCode, arrival, phase = 'voting') {
  await click(b, 'nav-day');
  await click(b, 'start-visit');
  await type(b, 'sv-arrival', arrival);
  if (phase !== 'voting') {
    await click(b, 'sv-phase-voting');
    await click(b, `sv-phase-${phase}`);
  }
  await type(b, 'sv-station', stationCode);
  await click(b, `sv-hit-${stationCode}`);
  await click(b, 'sv-submit');
  await tid(b, 'visit-title').then((e) => e.waitForDisplayed({ timeout: 10000 }));
}
