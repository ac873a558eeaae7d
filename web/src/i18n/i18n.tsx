import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';
import { browserTimeZone, formatDateTime, isValidTimeZone } from '../format/date.ts';
import { setApiLanguage } from '../api/client.ts';

export type Locale = 'en' | 'zh';
const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, zh };
const LOCALE_TAGS: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };
/** The date pickers' month and weekday names follow dayjs's locale. */
const DAYJS_LOCALES: Record<Locale, string> = { en: 'en', zh: 'zh-cn' };
const LOCALE_KEY = 'pbss.locale';
const ZONE_KEY = 'pbss.timeZone';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  /** The BCP 47 tag of the locale, for Intl. */
  tag: string;
  timeZone: string;
  t: Translate;
  /** A key built at run time (a status code, an enum value): its text, or the fallback. */
  tOr: (key: string, fallback: string, vars?: Record<string, string | number>) => string;
  date: (iso: string | null | undefined) => string;
  setLocale: (l: Locale) => void;
  setTimeZone: (tz: string) => void;
}

const Ctx = createContext<I18n | null>(null);

function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function initialZone(): string {
  const saved = localStorage.getItem(ZONE_KEY);
  return saved && isValidTimeZone(saved) ? saved : browserTimeZone();
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [timeZone, setZoneState] = useState<string>(initialZone);

  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(LOCALE_KEY, l);
    document.documentElement.lang = LOCALE_TAGS[l];
    setLocaleState(l);
  }, []);
  const setTimeZone = useCallback((tz: string) => {
    if (!isValidTimeZone(tz)) return;
    localStorage.setItem(ZONE_KEY, tz);
    setZoneState(tz);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[locale];
    const tag = LOCALE_TAGS[locale];
    document.documentElement.lang = tag;
    dayjs.locale(DAYJS_LOCALES[locale]);
    setApiLanguage(locale);
    const t: Translate = (key, vars) => interpolate(catalog[key], vars);
    return {
      locale,
      tag,
      timeZone,
      t,
      tOr: (key, fallback, vars) => (key in catalog ? interpolate(catalog[key as MessageKey], vars) : fallback),
      date: (iso) => formatDateTime(iso, tag, timeZone),
      setLocale,
      setTimeZone,
    };
  }, [locale, timeZone, setLocale, setTimeZone]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
