/** A city Ride Hailer serves, with what a rider can expect there. */
export interface CityService {
  readonly name: string;
  readonly vehicles: readonly string[];
  readonly typicalEtaMinutes: number;
}

/** Every kind of ride Ride Hailer offers; a city with all of them has the full range of services. */
export const VEHICLE_CLASSES: readonly string[] = ['standard', 'XL', 'accessible'];

/**
 * The built-in catalogue behind `RideHailerAvailabilityByCity`; keys are lower-case city names.
 * Dallas is Amazon's own example: "Account Linking for Custom Skills" has a user ask Ride Hailer
 * "what services are available in Dallas", answered "Ride Hailer offers a full range of services in Dallas".
 */
export const CITY_CATALOGUE: ReadonlyMap<string, CityService> = new Map(
  (
    [
      { name: 'Seattle', vehicles: ['standard', 'XL', 'accessible'], typicalEtaMinutes: 4 },
      { name: 'San Francisco', vehicles: ['standard', 'XL'], typicalEtaMinutes: 5 },
      { name: 'New York', vehicles: ['standard', 'XL', 'accessible'], typicalEtaMinutes: 3 },
      { name: 'Boston', vehicles: ['standard'], typicalEtaMinutes: 7 },
      { name: 'Chicago', vehicles: ['standard', 'XL'], typicalEtaMinutes: 6 },
      { name: 'Austin', vehicles: ['standard'], typicalEtaMinutes: 8 },
      { name: 'Dallas', vehicles: ['standard', 'XL', 'accessible'], typicalEtaMinutes: 5 },
    ] satisfies CityService[]
  ).map((city) => [city.name.toLowerCase(), city]),
);

/** True when `city` has every kind of ride in {@link VEHICLE_CLASSES}. */
export function offersFullRange(city: CityService): boolean {
  return VEHICLE_CLASSES.every((vehicle) => city.vehicles.includes(vehicle));
}

/** Looks a spoken city name up in the catalogue, ignoring case and surrounding spaces. */
export function findCity(spoken: string): CityService | undefined {
  return CITY_CATALOGUE.get(spoken.trim().toLowerCase().replace(/\s+/g, ' '));
}
