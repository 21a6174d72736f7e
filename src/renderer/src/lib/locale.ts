/**
 * The language the renderer formats in: English (British) or Welsh. Dates,
 * times and numbers all follow it (24-hour clock in both). One module owns
 * the choice so every formatter and picker reads the same value.
 */
export const APP_LOCALES = ['en-GB', 'cy'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

let current: AppLocale = 'en-GB';
const listeners = new Set<(locale: AppLocale) => void>();

export const appLocale = (): AppLocale => current;

export function setAppLocale(locale: AppLocale): void {
  if (locale === current) return;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener(locale);
}

/** Called with the new locale after every change; returns the unsubscribe. */
export function onAppLocale(listener: (locale: AppLocale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The app's locale for a list of the system's preferred languages: Welsh if it comes first of the two. */
export function localeFor(languages: readonly string[]): AppLocale {
  for (const language of languages) {
    const primary = language.toLowerCase().split(/[-_]/)[0];
    if (primary === 'cy') return 'cy';
    if (primary === 'en') return 'en-GB';
  }
  return 'en-GB';
}
