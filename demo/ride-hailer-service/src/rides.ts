/**
 * Ride orders (`POST /api/rides`) with the `Idempotency-Key` request header
 * (draft-ietf-httpapi-idempotency-key-header), the service's half of "a ride is ordered once":
 *
 * - The key is optional. When present it must be a Structured Field String (RFC 8941 §3.3.3) of
 *   1 to 255 characters, else `400 invalid_idempotency_key`.
 * - Keys are scoped to the user (the draft's "composite key"): one user's key never finds another
 *   user's ride. They are kept 24 hours (`IDEMPOTENCY_TTL_SECONDS`), in KV under
 *   `ride-key:<sha256(user id + key)>`.
 * - The same key with the same destination answers `201` with the ride first created (same `id`,
 *   same ETA) and creates nothing; with another destination, `422 idempotency_key_reused`; while the
 *   first request with that key is still being served in this isolate, `409 idempotency_key_in_use`.
 *
 * KV is eventually consistent and has no compare-and-set, so two requests with one key that reach
 * two locations within about a minute can each create a ride; a service that must never do that
 * keeps its keys in a strongly consistent store (a Durable Object, a database).
 */

/** How long a key and its ride are remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const MAX_KEY_LENGTH = 255;

export interface Ride {
  readonly id: string;
  readonly etaMinutes: number;
}

/** The HTTP answer to an order: a status and a JSON body. */
export interface RideAnswer {
  readonly status: 201 | 400 | 409 | 422;
  readonly body: Ride | { readonly error: string };
}

export interface RideOrder {
  readonly userId: string;
  /** The destination names of the user's profile. */
  readonly places: readonly string[];
  /** The parsed JSON body, if any. */
  readonly body: unknown;
  /** The raw `Idempotency-Key` header, or null. */
  readonly idempotencyKey: string | null;
}

/** Takes ride orders for the demo's users; one per isolate. */
export class RideDesk {
  #count = 0;
  readonly #inflight = new Set<string>();

  constructor(private readonly newId: (count: number) => string = (n) => `ride-${Date.now().toString(36)}-${n}`) {}

  async order(kv: KVNamespace, order: RideOrder): Promise<RideAnswer> {
    const destination = (order.body as { destination?: unknown } | undefined)?.destination;
    if (typeof destination !== 'string' || !order.places.includes(destination)) {
      return { status: 422, body: { error: 'unknown_destination' } };
    }
    if (order.idempotencyKey === null) return { status: 201, body: this.#create() };
    const key = parseSfString(order.idempotencyKey);
    if (key === undefined || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return { status: 400, body: { error: 'invalid_idempotency_key' } };
    }

    const storeKey = `ride-key:${await sha256Hex(`${order.userId}\n${key}`)}`;
    if (this.#inflight.has(storeKey)) return { status: 409, body: { error: 'idempotency_key_in_use' } };
    this.#inflight.add(storeKey);
    try {
      const seen = await kv.get<{ destination: string; ride: Ride }>(storeKey, 'json');
      if (seen) {
        if (seen.destination !== destination) return { status: 422, body: { error: 'idempotency_key_reused' } };
        return { status: 201, body: seen.ride };
      }
      const ride = this.#create();
      await kv.put(storeKey, JSON.stringify({ destination, ride }), { expirationTtl: IDEMPOTENCY_TTL_SECONDS });
      return { status: 201, body: ride };
    } finally {
      this.#inflight.delete(storeKey);
    }
  }

  #create(): Ride {
    this.#count += 1;
    return { id: this.newId(this.#count), etaMinutes: 4 + (this.#count % 6) };
  }
}

/** The value of a Structured Field String (RFC 8941 §4.2.5), or undefined if `text` is not one. */
export function parseSfString(text: string): string | undefined {
  const match = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(text.trim());
  return match?.[1]?.replace(/\\(["\\])/g, '$1');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
