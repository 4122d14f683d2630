// UI text comes from message files (src/messages/*.json); the language is switchable at run time.
// A message is a text, or for a count one text per plural category of the language
// (`Intl.PluralRules`: one/other in English and Azerbaijani, one/few/many/other in Russian), e.g.
// `"count.visit": {"one": "{n} visit", "other": "{n} visits"}`; `plural()` picks the form.
import en from '../messages/en.json';
import ru from '../messages/ru.json';
import az from '../messages/az.json';
import type { Share } from './bindings/types';

/** One text per plural category (`other` always present), with `{n}` for the count. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
type Messages = Record<string, Message>;
export const catalogs: Record<string, Messages> = { en, ru, az };
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

type Params = Record<string, string | number>;

/** The message `key` and the language it is in: the current one, English as fallback. */
function lookup(key: string): [Message, string] | null {
  const own = catalogs[locale.lang]?.[key];
  if (own !== undefined) return [own, locale.lang];
  return key in catalogs.en ? [catalogs.en[key], 'en'] : null;
}

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

const rules = new Map<string, Intl.PluralRules>();
/** The plural category of `count` in `lang` ("one", "few", "many", "other", …). */
export function pluralCategory(lang: string, count: number): Intl.LDMLPluralRule {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r.select(count);
}

/** The message `key` in the current language (English as fallback), `{name}` replaced from `params`.
 *  A plural message takes its form from a numeric `params.n` (`plural` says it outright). */
export function t(key: string, params: Params = {}): string {
  const found = lookup(key);
  if (!found) return key;
  const [m, lang] = found;
  if (typeof m === 'string') return fill(m, params);
  const n = params.n;
  return fill(typeof n === 'number' ? m[pluralCategory(lang, n)] ?? m.other : m.other, params);
}

/** The plural message `key` in the form for `count` ("1 visit", "2 посещения", "5 посещений"), with
 *  `{n}` the count unless `params` gives it formatted (e.g. "20,000"). */
export function plural(key: string, count: number, params: Params = {}): string {
  const found = lookup(key);
  if (!found) return key;
  const [m, lang] = found;
  const text = typeof m === 'string' ? m : m[pluralCategory(lang, count)] ?? m.other;
  return fill(text, { n: count, ...params });
}

/** What an error from the library means, in the UI's language: a sentence per `ErrorCode`
 *  (`error.<code>`); the library's own English message stays beside it as the detail. */
export function errorText(code: string): string {
  return lookup('error.' + code) ? t('error.' + code) : t('error.unknown');
}

/** A count in the UI language's digits and grouping ("10 000" in Russian, "10,000" in English). */
export function num(n: number): string {
  return n.toLocaleString(locale.lang);
}

/** A share the library counted, in the UI language: "–" without a denominator, the percentage
 *  where the library's rule (`Share.percent`) writes one ("12,5 %" in Russian), else "3 of 12". */
export function share(s: Share): string {
  if (s.of === 0) return '–';
  if (s.percent !== null) {
    return `${s.percent.toLocaleString(locale.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
  }
  return t('share.x_of_n', { x: num(s.count), n: num(s.of) });
}

/** A share that names its denominator also as a percentage: "0.1 % of 10,000", "3 of 20". */
export function shareOf(s: Share): string {
  return s.percent !== null ? t('share.percent_of', { p: share(s), n: num(s.of) }) : share(s);
}

/** A label from a template's `{en, ru, …}` map in the current language. */
export function label(labels: Record<string, string> | undefined | null): string {
  if (!labels) return '';
  return labels[locale.lang] ?? labels.en ?? Object.values(labels)[0] ?? '';
}
