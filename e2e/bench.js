// `make bench-app`: launch-to-dashboard, every screen's first rows, a filter change and a search
// keystroke (in-page timings, e2e/screens.js) and the memory (PSS) of the app and its WebKit
// processes, on the sample mission and generated ones of 1,500 and 20,000 visits (release build).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { launch, quit, tempDir, tid, appPid, cliStats } from './tests/harness.js';
import { walkScreens } from './screens.js';

function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
function children(pid) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d), ...children(Number(d)));
    } catch { /* gone */ }
  }
  return out;
}
const comm = (pid) => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return '?'; } };

// The missions measured: the sample (42 visits) and generated ones of an ODIHR mission's size and
// of a domestic network's (BENCH_SIZES, e.g. "0,1500,20000"; 0 = the sample), each made by the CLI.
const sizes = (process.env.BENCH_SIZES || '0,1500,20000').split(',').map(Number);
const runs = Number(process.env.RUNS || 5);
const results = [];
for (const visits of sizes) {
  const dir = tempDir(`bench-${visits}`);
  const db = join(dir, 'mission.eom');
  execFileSync(process.env.EOM_CLI, ['--db', db, 'demo', ...(visits ? ['--visits', String(visits)] : [])],
    { env: { ...process.env, EOM_DB: '' }, stdio: 'ignore' });
  const stats = cliStats(db);
  const times = [];
  let screens = null;
  let mem = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const b = await launch(dir, db);
    const el = await tid(b, 'fig-visits');
    await el.waitForDisplayed({ timeout: 120000, interval: 20 });
    // Painted: the browser has produced a frame after the figures were laid out.
    await b.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    times.push(performance.now() - t0);
    if (i === runs - 1) {
      screens = await walkScreens(b, stats);
      await b.pause(1500);
      const pid = appPid(b);
      mem = [pid, ...children(pid)].map((p) => ({ pid: p, name: comm(p), pss: pssKb(p) }));
    }
    await quit(b);
  }
  times.sort((a, b) => a - b);
  results.push({ visits: stats.coverage.visits, launch: times, screens, mem });
  console.error(`bench: ${stats.coverage.visits} visits: launch ${times.map(Math.round)} ms, screens ${JSON.stringify(screens)}`);
}

// Baseline: what WebKitGTK itself takes, WebKitGTK's own MiniBrowser on a blank page (when installed).
let baseline = null;
const mini = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
if (existsSync(mini)) {
  const p = spawn(mini, ['--geometry=1280x800', 'about:blank'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 6000));
  baseline = [p.pid, ...children(p.pid)].reduce((a, q) => a + pssKb(q), 0);
  p.kill();
}

const mb = (kb) => (kb / 1024).toFixed(1);
const sum = (procs, f = () => true) => procs.filter(f).reduce((a, p) => a + p.pss, 0);
const median = (xs) => xs[Math.floor(xs.length / 2)];
let md = `| measure | ${results.map((r) => `${r.visits.toLocaleString('en')} visits`).join(' | ')} |\n|---|${results.map(() => '---|').join('')}\n`;
const line = (name, f) => { md += `| ${name} | ${results.map(f).join(' | ')} |\n`; };
line(`launch → dashboard painted (median of ${runs}, incl. WebDriver session start)`, (r) => `${median(r.launch).toFixed(0)} ms`);
for (const key of Object.keys(results[0].screens)) line(`${key.replaceAll('_', ' ')} (click → first rows painted)`, (r) => `${r.screens[key]} ms`);
line('PSS app process', (r) => `${mb(sum(r.mem, (p) => p.name.startsWith('eom-app')))} MB`);
line('PSS WebKit processes', (r) => `${mb(sum(r.mem, (p) => !p.name.startsWith('eom-app')))} MB`);
line('PSS total (app + WebKit processes)', (r) => `${mb(sum(r.mem))} MB`);
line('PSS total over the sample mission\'s', (r) => `${mb(sum(r.mem) - sum(results[0].mem))} MB`);
if (baseline) md += `\nPSS of WebKitGTK's MiniBrowser on a blank page (what WebKit takes by itself): ${mb(baseline)} MB.\n`;
console.log(md);
if (process.env.OUT) writeFileSync(process.env.OUT, md);
if (process.env.OUT_JSON) writeFileSync(process.env.OUT_JSON, JSON.stringify(results, null, 2));
