/** A city Ride Hailer serves, with what a rider can expect there. */
export interface CityService {
  readonly name: string;
  readonly vehicles: readonly string[];
  readonly typicalEtaMinutes: number;
}

/** The built-in catalogue behind `RideHailerAvailabilityByCity`; keys are lower-case city names. */
export const CITY_CATALOGUE: ReadonlyMap<string, CityService> = new Map(
  (
    [
      { name: 'Seattle', vehicles: ['standard', 'XL', 'accessible'], typicalEtaMinutes: 4 },
      { name: 'San Francisco', vehicles: ['standard', 'XL'], typicalEtaMinutes: 5 },
      { name: 'New York', vehicles: ['standard', 'XL', 'accessible'], typicalEtaMinutes: 3 },
      { name: 'Boston', vehicles: ['standard'], typicalEtaMinutes: 7 },
      { name: 'Chicago', vehicles: ['standard', 'XL'], typicalEtaMinutes: 6 },
      { name: 'Austin', vehicles: ['standard'], typicalEtaMinutes: 8 },
    ] satisfies CityService[]
  ).map((city) => [city.name.toLowerCase(), city]),
);

/** Looks a spoken city name up in the catalogue, ignoring case and surrounding spaces. */
export function findCity(spoken: string): CityService | undefined {
  return CITY_CATALOGUE.get(spoken.trim().toLowerCase().replace(/\s+/g, ' '));
}
