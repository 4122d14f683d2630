// Launch-to-dashboard time and PSS after opening the sample mission (issue 3 benchmarks).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { launch, quit, tempDir, tid, click, appPid } from './tests/harness.js';

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

// Prepare the database once: the sample mission.
const dir = tempDir('bench');
const db = join(dir, 'mission.eom');
{
  const b = await launch(dir, db);
  await click(b, 'open-sample');
  await (await tid(b, 'fig-visits')).waitForDisplayed({ timeout: 20000 });
  await quit(b);
}

const runs = Number(process.env.RUNS || 5);
const times = [];
let mem = null;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const b = await launch(dir, db);
  const el = await tid(b, 'fig-visits');
  await el.waitForDisplayed({ timeout: 20000, interval: 20 });
  // Painted: the browser has produced a frame after the figures were laid out.
  await b.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  times.push(performance.now() - t0);
  if (i === runs - 1) {
    await b.pause(1500);
    const pid = appPid(b);
    const procs = [pid, ...children(pid)].map((p) => ({ pid: p, name: comm(p), pss: pssKb(p) }));
    mem = procs;
  }
  await quit(b);
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

times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
const mb = (kb) => (kb / 1024).toFixed(1);
const total = mem.reduce((a, p) => a + p.pss, 0);
const app = mem.filter((p) => p.name.startsWith('eom-app')).reduce((a, p) => a + p.pss, 0);
let md = `| measure | value |\n|---|---|\n`;
md += `| launch → dashboard painted (median of ${runs}, incl. WebDriver session start) | ${med.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}) |\n`;
for (const p of mem) md += `| PSS ${p.name} (${p.pid}) | ${mb(p.pss)} MB |\n`;
md += `| PSS app process | ${mb(app)} MB |\n| PSS total (app + WebKit processes) | ${mb(total)} MB |\n`;
if (baseline) md += `| PSS WebKitGTK MiniBrowser, blank page (baseline) | ${mb(baseline)} MB |\n| added by the app over the baseline | ${mb(total - baseline)} MB |\n`;
console.log(md);
if (process.env.OUT) writeFileSync(process.env.OUT, md);
