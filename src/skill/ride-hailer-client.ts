import { callWithToken, type ProfileSource, type ProviderCall } from 'alexa-skill-workers/linking';
import { LinkingError } from 'alexa-skill-workers/errors';
import { isRecord, nonEmptyString } from '../lib/json.ts';

/** A saved place in the user's Ride Hailer profile. */
interface Place {
  readonly label: string;
  readonly address: string | undefined;
}

/** The user's Ride Hailer profile, as the skill uses it. Extra fields are dropped. */
export interface RideHailerProfile {
  readonly id: string | undefined;
  readonly name: string | undefined;
  /** Keyed by destination name, e.g. `work`, `home`. */
  readonly defaultLocations: Readonly<Record<string, Place>>;
  readonly paymentMethod: string | undefined;
}

/** What the skill asks the Ride Hailer API for when it orders a ride. */
export interface RideRequest {
  /** A destination name of the user's profile, e.g. `work`. */
  readonly destination: string;
  /**
   * Identifies this order across retries and replays; the same key must mean the same order
   * (draft-ietf-httpapi-idempotency-key-header, "Uniqueness of Idempotency Key").
   */
  readonly idempotencyKey: string;
}

/** A ride the Ride Hailer API accepted. */
export interface RideOrder {
  readonly id: string;
  readonly etaMinutes: number;
}

/**
 * The Ride Hailer service API, called with the user's access token (RFC 6750 bearer):
 * `GET PROFILE_URL` for the profile, `POST RIDES_URL {"destination":…}` to order a ride, with an
 * `Idempotency-Key` header so the service can answer a repeated order with the same ride.
 */
export class RideHailerClient implements ProfileSource<RideHailerProfile> {
  constructor(
    private readonly call: ProviderCall,
    private readonly urls: { readonly profileUrl: string; readonly ridesUrl: string },
  ) {}

  /** @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE` */
  async fetchProfile(token: string): Promise<RideHailerProfile> {
    const { body } = await callWithToken(this.call, this.urls.profileUrl, token);
    return parseProfile(body);
  }

  /** The kit's profile source: the profile API, alongside an opaque token's validation. */
  load(token: string): Promise<RideHailerProfile> {
    return this.fetchProfile(token);
  }

  /** Re-reads a profile from KV as leniently as from the API; anything but an object is a miss. */
  parse(stored: unknown): RideHailerProfile | undefined {
    return isRecord(stored) ? parseProfile(stored) : undefined;
  }

  /**
   * Orders a ride. The idempotency key goes in `Idempotency-Key` as a Structured Field String
   * (draft-ietf-httpapi-idempotency-key-header §2.1; RFC 8941 §3.3.3), e.g. `"4f1c…"`.
   * @throws {LinkingError} `TOKEN_INVALID`, `PROVIDER_UNAVAILABLE`
   */
  async orderRide(token: string, ride: RideRequest): Promise<RideOrder> {
    const { body } = await callWithToken(this.call, this.urls.ridesUrl, token, {
      method: 'POST',
      json: { destination: ride.destination },
      headers: { 'idempotency-key': sfString(ride.idempotencyKey) },
    });
    if (!isRecord(body) || typeof body.id !== 'string' || typeof body.etaMinutes !== 'number' || body.etaMinutes < 0) {
      throw new LinkingError('PROVIDER_UNAVAILABLE', 'rides API answered an unexpected body');
    }
    return { id: body.id, etaMinutes: Math.round(body.etaMinutes) };
  }
}

/**
 * Serializes a Structured Field String (RFC 8941 §4.1.6): quoted, with `\` and `"` escaped.
 * @throws {RangeError} for characters a String cannot hold (outside printable ASCII).
 */
function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new RangeError('not a Structured Field String');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Reads a profile leniently: optional parts that are missing or malformed are left out.
 * @throws {LinkingError} `PROVIDER_UNAVAILABLE` when the body is not a JSON object.
 */
function parseProfile(body: unknown): RideHailerProfile {
  if (!isRecord(body)) throw new LinkingError('PROVIDER_UNAVAILABLE', 'profile is not a JSON object');
  const locations: [string, Place][] = [];
  if (isRecord(body.defaultLocations)) {
    for (const [name, place] of Object.entries(body.defaultLocations)) {
      const label = isRecord(place) ? nonEmptyString(place.label) : undefined;
      if (label) locations.push([name.toLowerCase(), { label, address: nonEmptyString((place as Record<string, unknown>).address) }]);
    }
  }
  return {
    id: nonEmptyString(body.id),
    name: nonEmptyString(body.name),
    // fromEntries defines own properties: a place keyed "__proto__" stays a place, not a prototype.
    defaultLocations: Object.fromEntries(locations),
    paymentMethod: isRecord(body.paymentMethod) ? nonEmptyString(body.paymentMethod.label) : undefined,
  };
}
