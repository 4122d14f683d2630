// The dashboard's coverage map drawn from the stations' coordinates alone (no tiles, no network):
// an equirectangular projection scaled to the stations' bounding box, one SVG path per marker style
// so that thousands of stations are three elements. The points and their states come from the
// library (`coverage_points`); only the drawing is done here.
import type { CoveragePoint, PointState } from './bindings/types';

/** Drawn in this order: negative markers on top. */
export const STATES: PointState[] = ['not_observed', 'observed', 'negative'];

export interface DrawnMap {
  width: number;
  height: number;
  /** Marker radius in the drawing's units. */
  r: number;
  /** One path per state. */
  paths: Record<PointState, string>;
}

const num = (v: number) => String(Math.round(v * 10) / 10);

/** A circle (filled or hollow by style) as path data. */
export function circle(x: number, y: number, r: number): string {
  return `M${num(x - r)} ${num(y)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0Z`;
}

/** A square of half-side `s` centred on the point, as path data. */
export function square(x: number, y: number, s: number): string {
  return `M${num(x - s)} ${num(y - s)}h${num(2 * s)}v${num(2 * s)}h${num(-2 * s)}Z`;
}

/** The marker of a state at (x, y): circles for observed and not observed, a square for negative. */
export function marker(state: PointState, x: number, y: number, r: number): string {
  return state === 'negative' ? square(x, y, r * 0.95) : circle(x, y, r);
}

/** Smaller markers when there are many stations. */
export function radius(n: number): number {
  return n > 2000 ? 2.5 : n > 500 ? 3.5 : 5;
}

/** Projects the points into a `width`-wide drawing whose height follows the stations' extent
 *  (between 40 % and 100 % of the width), keeping the projection's proportions. */
export function drawMap(points: CoveragePoint[], width = 800): DrawnMap {
  const paths: Record<PointState, string> = { not_observed: '', observed: '', negative: '' };
  if (!points.length) return { width, height: 0, r: 0, paths };
  let [minLat, maxLat, minLon, maxLon] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    minLat = Math.min(minLat, p.lat); maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon); maxLon = Math.max(maxLon, p.lon);
  }
  // Equirectangular: x = λ·cos φ₀, y = φ, with φ₀ the box's middle latitude.
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-4);
  const spanY = Math.max(maxLat - minLat, 1e-4);
  const r = radius(points.length);
  const pad = r + 8;
  const height = Math.round(Math.min(width, Math.max(width * 0.4, ((width - 2 * pad) * spanY) / spanX + 2 * pad)));
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  // Centred on the stations' own extent (not the clamped span: one station, or stations on one
  // meridian or parallel, sit in the middle, not at an edge).
  const offX = (width - (maxLon - minLon) * k * scale) / 2;
  const offY = (height - (maxLat - minLat) * scale) / 2;
  const parts: Record<PointState, string[]> = { not_observed: [], observed: [], negative: [] };
  for (const p of points) {
    const x = offX + (p.lon - minLon) * k * scale;
    const y = offY + (maxLat - p.lat) * scale;
    parts[p.state].push(marker(p.state, x, y, r));
  }
  for (const s of STATES) paths[s] = parts[s].join('');
  return { width, height, r, paths };
}
