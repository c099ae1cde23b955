import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { MessageKey } from './messages';
import { en, zh } from './messages';

export type Lang = 'zh-CN' | 'en-US';

/** What a screen reads from the language context. */
export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'qisu.lang';

/** zh-CN unless the user chose English (remembered in this browser). */
export function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = (lang === 'en-US' ? en : zh)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The lists whose codes the catalogues name as `<list>.<code>` (see `domain.messages.ts`). */
export type CodeList =
  | 'status'
  | 'command'
  | 'unitKind'
  | 'role'
  | 'caseKind'
  | 'channel'
  | 'complexity'
  | 'result'
  | 'milestone'
  | 'event'
  | 'fetchFailure';

/** Whether the catalogues have a text under this key. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

/**
 * The text of a code that arrives as a plain string (from the API or a list), through `t()`; a
 * code the catalogues do not know is shown as it is rather than hidden.
 */
export function codeText(t: I18n['t'], list: CodeList, code: string): string {
  const key = `${list}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const t = useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params),
    [lang],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
