import type { Language } from './i18n/index.ts';

/** Every kind of ride Ride Hailer offers; each locale has its word for each (`src/skill/i18n/`). */
export type VehicleClass = 'standard' | 'xl' | 'accessible';

/** Every vehicle class; a city with all of them has the full range of services. */
const VEHICLE_CLASSES: readonly VehicleClass[] = ['standard', 'xl', 'accessible'];

/** A city's names in one language: the one the skill says first, then others people say. */
type CityNames = readonly [spoken: string, ...aliases: string[]];

/** A city Ride Hailer serves, with what a rider can expect there. */
export interface CityService {
  readonly id: string;
  /** Its names in every language the skill speaks (the compiler asks for each). */
  readonly names: Readonly<Record<Language, CityNames>>;
  readonly vehicles: readonly VehicleClass[];
  readonly typicalEtaMinutes: number;
}

/** A name that is the same in every Latin-script language; `ja` is given. */
const everywhere = (name: string, ja: CityNames): CityService['names'] => ({
  en: [name], de: [name], fr: [name], es: [name], it: [name], pt: [name], ja,
});

/**
 * The built-in catalogue behind `RideHailerAvailabilityByCity`. Dallas is Amazon's own example:
 * "Account Linking for Custom Skills" has a user ask Ride Hailer "what services are available in
 * Dallas", answered "Ride Hailer offers a full range of services in Dallas".
 */
export const CITIES: readonly CityService[] = [
  { id: 'seattle', names: everywhere('Seattle', ['シアトル']), vehicles: ['standard', 'xl', 'accessible'], typicalEtaMinutes: 4 },
  {
    id: 'san-francisco',
    names: { ...everywhere('San Francisco', ['サンフランシスコ']), pt: ['San Francisco', 'São Francisco'] },
    vehicles: ['standard', 'xl'],
    typicalEtaMinutes: 5,
  },
  {
    id: 'new-york',
    names: {
      en: ['New York', 'New York City', 'NYC'],
      de: ['New York', 'New York City'],
      fr: ['New York', 'New York City'],
      es: ['Nueva York', 'New York', 'Ciudad de Nueva York'],
      it: ['New York', 'New York City'],
      ja: ['ニューヨーク', 'ニューヨーク市', 'ニューヨークシティ'],
      pt: ['Nova York', 'Nova Iorque', 'New York'],
    },
    vehicles: ['standard', 'xl', 'accessible'],
    typicalEtaMinutes: 3,
  },
  { id: 'boston', names: everywhere('Boston', ['ボストン']), vehicles: ['standard'], typicalEtaMinutes: 7 },
  { id: 'chicago', names: everywhere('Chicago', ['シカゴ']), vehicles: ['standard', 'xl'], typicalEtaMinutes: 6 },
  { id: 'austin', names: everywhere('Austin', ['オースティン']), vehicles: ['standard'], typicalEtaMinutes: 8 },
  { id: 'dallas', names: everywhere('Dallas', ['ダラス']), vehicles: ['standard', 'xl', 'accessible'], typicalEtaMinutes: 5 },
];

/**
 * A name as heard, made comparable: full-width forms folded (NFKC), case and Latin accents
 * ignored ("Sao Francisco"), spaces trimmed and collapsed.
 */
function comparable(name: string): string {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
}

function indexOf(languages: (city: CityService) => readonly string[]): ReadonlyMap<string, CityService> {
  return new Map(CITIES.flatMap((city) => languages(city).map((name) => [comparable(name), city] as const)));
}

const BY_LANGUAGE = new Map<Language, ReadonlyMap<string, CityService>>();
const ANY_LANGUAGE = indexOf((city) => Object.values(city.names).flat());

/**
 * The city the user named: first among its names in their `language`, then in any language the
 * skill speaks (a German user may say "Nueva York", a Japanese device may hear "Seattle").
 */
export function findCity(spoken: string, language: Language): CityService | undefined {
  let names = BY_LANGUAGE.get(language);
  if (!names) {
    names = indexOf((city) => city.names[language]);
    BY_LANGUAGE.set(language, names);
  }
  const key = comparable(spoken);
  return names.get(key) ?? ANY_LANGUAGE.get(key);
}

/** The name the skill says for `city` in `language`. */
export function cityName(city: CityService, language: Language): string {
  return city.names[language][0];
}

/** True when `city` has every kind of ride in {@link VEHICLE_CLASSES}. */
export function offersFullRange(city: CityService): boolean {
  return VEHICLE_CLASSES.every((vehicle) => city.vehicles.includes(vehicle));
}
