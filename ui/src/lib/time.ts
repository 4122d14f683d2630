// Times are stored in UTC and shown and entered in the mission's time zone (SPEC 9).

function partsIn(tz: string, ms: number): Record<string, number> {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (Asia/Baku: +240). */
export function offsetMinutes(tz: string, ms: number): number {
  const p = partsIn(tz, ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** `HH:MM` of an RFC 3339 time in `tz`. */
export function timeIn(iso: string | null | undefined, tz: string): string {
  if (!iso) return '';
  const p = partsIn(tz, Date.parse(iso));
  return `${String(p.hour % 24).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` of an RFC 3339 time in `tz`. */
export function dateIn(iso: string, tz: string): string {
  const p = partsIn(tz, Date.parse(iso));
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Now, as `HH:MM` in `tz`. */
export function nowIn(tz: string): string {
  return timeIn(new Date().toISOString(), tz);
}

export function laptopZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when the laptop's clock shows a different local time than the mission's zone. */
export function zoneDiffers(missionTz: string, nowMs = Date.now()): boolean {
  const local = -new Date(nowMs).getTimezoneOffset();
  return offsetMinutes(missionTz, nowMs) !== local;
}


