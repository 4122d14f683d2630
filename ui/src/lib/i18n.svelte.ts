// UI text comes from message files (src/messages/*.json); the language is switchable at run time.
import en from '../messages/en.json';
import ru from '../messages/ru.json';
import az from '../messages/az.json';

type Messages = Record<string, string>;
const catalogs: Record<string, Messages> = { en, ru, az };
/** The UI's languages, each named in itself (the header's switcher). */
export const languages = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'az', name: 'Azərbaycanca' },
];

function initial(): string {
  try {
    const saved = localStorage.getItem('eom.lang');
    if (saved && catalogs[saved]) return saved;
  } catch { /* no storage in tests */ }
  return 'en';
}

export const locale = $state({ lang: initial() });
try { document.documentElement.lang = locale.lang; } catch { /* no document */ }

export function setLang(lang: string) {
  if (!catalogs[lang]) return;
  locale.lang = lang;
  try { localStorage.setItem('eom.lang', lang); } catch { /* ignore */ }
  document.documentElement.lang = lang;
}

/** The message `key` in the current language (English as fallback), `{name}` replaced from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale.lang]?.[key] ?? en[key as keyof typeof en] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

/** A figure as the library writes it ("3 of 12", "7.5 %", "–") in the UI language. */
export function share(display: string): string {
  const m = /^(\d+) of (\d+)$/.exec(display);
  return m ? t('share.x_of_n', { x: m[1], n: m[2] }) : display;
}

/** A label from a template's `{en, ru, …}` map in the current language. */
export function label(labels: Record<string, string> | undefined | null): string {
  if (!labels) return '';
  return labels[locale.lang] ?? labels.en ?? Object.values(labels)[0] ?? '';
}
