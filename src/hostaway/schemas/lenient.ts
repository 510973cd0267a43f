/**
 * Field parsers for what Hostaway really sends (../shared/hostaway-api.md §0, §5): numbers as
 * numeric strings, ids that drift between string and int, flags as 0/1 or booleans, "" and
 * null both meaning "no value", keys that are sometimes missing.
 *
 * Every parser here except the required ids is total: an absent or unreadable value becomes
 * null rather than failing the whole response, because one odd field must not hide a page of
 * listings. Records are z.looseObject, so keys this client does not name pass through as sent.
 */
import { z } from "zod";

function toNumber(value: unknown): number | null {
	if (typeof value === "number") return Number.isFinite(value) ? value : null;
	if (typeof value === "string" && value.trim() !== "") {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

/** A number, numeric string, or nothing (null). */
export const lenientNumber = z.preprocess((value) => toNumber(value), z.number().nullable());

/** An integer, numeric string, or nothing (null). Non-integers become null. */
export const lenientInteger = z.preprocess((value) => {
	const parsed = toNumber(value);
	return parsed !== null && Number.isInteger(parsed) ? parsed : null;
}, z.number().int().nullable());

/** Text as sent ("" included); numbers become their decimal text; anything else is null. */
export const lenientString = z.preprocess((value) => {
	if (typeof value === "string") return value;
	if (typeof value === "number" && Number.isFinite(value)) return String(value);
	return null;
}, z.string().nullable());

/** A 0/1 flag as Hostaway sends it (also "0"/"1", true/false, "true"/"false"); null when absent. */
export const lenientFlag = z.preprocess((value) => {
	if (value === true || value === 1 || value === "1" || value === "true") return true;
	if (value === false || value === 0 || value === "0" || value === "false") return false;
	return null;
}, z.boolean().nullable());

/** A required integer id (int or numeric string). A record without one is not usable. */
export const requiredId = z.preprocess(
	(value) => (typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value),
	z.number({ error: "expected a numeric id" }).int().nonnegative(),
);

/** An optional integer id (int or numeric string); null when absent or not numeric. */
export const optionalId = z.preprocess((value) => {
	const parsed = toNumber(value);
	return parsed !== null && Number.isInteger(parsed) && parsed >= 0 ? parsed : null;
}, z.number().int().nullable());

/** An array of loosely typed objects (nested resources); anything that is not an array becomes []. */
export function lenientArray<Item extends z.ZodType>(item: Item) {
	return z.preprocess((value) => (Array.isArray(value) ? value : []), z.array(item));
}

/** An embedded object, or null when absent or unreadable (an embedded copy never fails its parent). */
export function lenientObject<Shape extends z.ZodType>(shape: Shape) {
	return z.preprocess(
		(value) => (value !== null && typeof value === "object" && !Array.isArray(value) ? value : null),
		shape.nullable().catch(null),
	);
}

/** Any nested object, keys as sent. */
export const looseRecord = z.looseObject({});
