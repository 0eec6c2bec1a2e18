import { useEffect, useState } from 'preact/hooks';

/*
 * Every string a page shows lives in a catalogue: Vietnamese is the source
 * (and the default), English must carry the same keys (the type says so).
 * Templates take `{name}` placeholders.
 */

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

export type Catalogue = Record<string, string>;
export interface Strings<C extends Catalogue> {
  vi: C;
  en: { [K in keyof C]: string };
}

export function defineStrings<C extends Catalogue>(vi: C, en: { [K in keyof C]: string }): Strings<C> {
  return { vi, en };
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder is left as written so that it shows in review. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const STORAGE_KEY = 'diemcau.lang';
const listeners = new Set<(lang: Lang) => void>();

function stored(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let current: Lang = typeof localStorage === 'undefined' ? 'vi' : stored();

export function currentLang(): Lang {
  return current;
}

/** Switches every mounted page and remembers the choice on this device. */
export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export type Translate<C extends Catalogue> = (key: keyof C & string, params?: Params) => string;

export function translator<C extends Catalogue>(strings: Strings<C>, lang: Lang): Translate<C> {
  return (key, params) => format(strings[lang][key] ?? strings.vi[key] ?? key, params);
}

/** The current language, re-rendering the component when it changes. */
export function useLang(): Lang {
  const [lang, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return lang;
}

/** `t(key, params)` for a page's catalogue in the current language. */
export function useStrings<C extends Catalogue>(strings: Strings<C>): Translate<C> {
  return translator(strings, useLang());
}
