// Dates as people type them in the UI's language: day, month, year (7/2/2024 in English as written
// in OSCE and EU missions, 07.02.2024 in Russian and Azerbaijani), or ISO (2024-02-07). Stored as ISO
// `YYYY-MM-DD`.

/** The separator and placeholder of a language's short date. */
export function datePattern(lang: string): { sep: string; placeholder: string } {
  if (lang === 'ru') return { sep: '.', placeholder: 'ДД.ММ.ГГГГ' };
  if (lang === 'az') return { sep: '.', placeholder: 'GG.AA.İİİİ' };
  return { sep: '/', placeholder: 'DD/MM/YYYY' };
}

/** ISO `YYYY-MM-DD` → the language's short form, e.g. `07/02/2024`. */
export function formatDate(iso: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const { sep } = datePattern(lang);
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

/** A typed date (day-month-year with `/`, `.` or `-`, or ISO) → ISO, or null when it is no date. */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) { [y, mo, d] = [+m[1], +m[2], +m[3]]; } else {
    m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
    if (!m) return null;
    [d, mo, y] = [+m[1], +m[2], +m[3]];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date in words, to confirm what was typed: "Wednesday, 7 February 2024". */
export function longDate(iso: string, lang: string): string {
  const d = parseDate(iso);
  if (!d) return '';
  return new Date(d + 'T12:00:00Z').toLocaleDateString(lang === 'ru' || lang === 'az' ? lang : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
