// Timing the app's screens from inside the page: the click (or the keystroke) and the wait for the
// first rows run in one script in the webview, so the figures hold no WebDriver round trips. Used by
// journey 17 (tests/scale.test.js) and `make bench-app` (bench.js). Figures, never assertions.

/**
 * Milliseconds from an action to the moment `ready` (a CSS selector) is in the page, its text is
 * `text`, starts with `prefix`, differs from `not`, its test id is `id` (each when given), and the
 * browser has painted a frame after it.
 * `action`: { click: selector } | { select: selector, value } | { type: selector, value }.
 */
export async function inPage(b, action, ready, { text = null, prefix = null, not = null, id = null, timeout = 120000 } = {}) {
  await b.setTimeout({ script: timeout + 10000 });
  const ms = await b.executeAsync((action, ready, text, prefix, not, id, timeout, done) => {
    const t0 = performance.now();
    const el = (s) => document.querySelector(s);
    if (action.click) el(action.click).click();
    if (action.select) {
      const s = el(action.select);
      s.value = action.value;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (action.type) {
      const i = el(action.type);
      i.value = action.value;
      i.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const ok = () => {
      const e = el(ready);
      if (!e) return false;
      const t = e.textContent.trim();
      return (text === null || t === text) && (prefix === null || t.startsWith(prefix))
        && (not === null || t !== not) && (id === null || e.getAttribute('data-testid') === id);
    };
    const poll = () => {
      if (ok()) requestAnimationFrame(() => done(performance.now() - t0));
      else if (performance.now() - t0 > timeout) done(-1);
      else requestAnimationFrame(poll);
    };
    poll();
  }, action, ready, text, prefix, not, id, timeout);
  if (ms < 0) throw new Error(`${ready} did not show within ${timeout} ms`);
  return Math.round(ms);
}

const nav = (screen) => ({ click: `[data-testid="nav-${screen}"]` });
const row = (prefix) => `[data-testid^="${prefix}"]`;
const totals = (n) => `${n.toLocaleString('en')} checklists`;

/**
 * Opens every screen of a mission whose `eom stats --json` is `stats`, starting on the dashboard,
 * and changes a filter and types a search on the way. Returns { name: ms }, in the order walked;
 * the app is left on the Review screen filtered to the negative checklists when `endOnReview`.
 */
export async function walkScreens(b, stats, { endOnReview = false } = {}) {
  const visits = String(stats.coverage.visits);
  const checklists = stats.data_quality.checklists_total;
  const negative = Object.values(stats.assessments).reduce((n, a) => n + a.negative, 0);
  const ms = {};
  const textOf = (sel) => b.execute((sel) => document.querySelector(sel)?.textContent.trim() ?? '', sel);
  ms.election_day = await inPage(b, nav('day'), row('visit-row-'));
  ms.review = await inPage(b, nav('review'), row('review-row-'));
  const reviewTotals = '[data-testid="review-totals"]';
  await inPage(b, {}, reviewTotals, { prefix: totals(checklists) });
  ms.review_negative_filter = await inPage(b, { select: '[data-testid="review-filter"]', value: 'negative' },
    reviewTotals, { prefix: totals(negative) });
  // A search keystroke: the first row's station code (the Review search matches codes).
  const code = await textOf('[data-testid^="review-row-"] td');
  const before = await textOf(reviewTotals);
  ms.review_search = await inPage(b, { type: '[data-testid="review-search"]', value: code }, reviewTotals, { not: before });
  await inPage(b, { type: '[data-testid="review-search"]', value: '' }, reviewTotals, { text: before });
  if (endOnReview) return ms;
  ms.stations = await inPage(b, nav('stations'), row('station-list'));
  ms.incidents = await inPage(b, nav('incidents'), '[data-testid="incident-list"]');
  ms.roster = await inPage(b, nav('roster'), row('team-row-'));
  const last = await b.execute(() => [...document.querySelectorAll('[data-testid^="team-row-"]')].at(-1).getAttribute('data-testid'));
  ms.roster_search = await inPage(b, { type: '[data-testid="roster-search"]', value: last.replace('team-row-', '') },
    row('team-row-'), { id: last });
  ms.back_to_dashboard = await inPage(b, nav('dashboard'), '[data-testid="fig-visits"]', { text: visits });
  // The region filter (in a generated mission every visit observes every phase: the phase filter
  // would leave the visits as they are).
  const region = await b.execute(() => [...document.querySelectorAll('[data-testid="f-region"] option')].map((o) => o.value).find((v) => v));
  ms.dashboard_region_filter = await inPage(b, { select: '[data-testid="f-region"]', value: region },
    '[data-testid="fig-visits"]', { not: visits });
  return ms;
}
