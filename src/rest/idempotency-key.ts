/** The Idempotency-Key header of REST writes (idempotency.ts) and what a valid key looks like. */

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/** Set on an answer replayed from an earlier request with the same key. */
export const REPLAYED_HEADER = "Idempotent-Replayed";

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Printable ASCII, no space at either end, 1 to 255 characters (UUIDs and the like). */
const KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export function validIdempotencyKey(key: string | undefined): key is string {
	return key !== undefined && KEY_PATTERN.test(key);
}
