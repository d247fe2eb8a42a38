import { enUS, type Strings } from './en-US';

const LOCALES: Record<string, Strings> = { 'en-US': enUS };

/** The strings for `locale` (e.g. `request.locale`), falling back to en-US. */
export function stringsFor(locale: string | undefined): Strings {
  return (locale && LOCALES[locale]) || enUS;
}

export type { Strings };
