/**
 * Hostaway's response envelope (hostaway-api.md §2): `{status, result}` for one object,
 * plus `count/limit/offset` and, on some endpoints only, `page/totalPages` for lists.
 * Failure text sits in `result` (documented) or `message` (the 429 example); both are read.
 */
import { z } from "zod";
import { lenientInteger } from "./lenient";

export const EnvelopeSchema = z.looseObject({
	status: z.unknown().optional(),
	result: z.unknown().optional(),
	message: z.unknown().optional(),
	count: lenientInteger,
	limit: lenientInteger,
	offset: lenientInteger,
	page: lenientInteger,
	totalPages: lenientInteger,
});

/** A page of records with the list metadata Hostaway sent (null where it sent none). */
export interface Page<Item> {
	items: Item[];
	/** Total matching records across all pages, as Hostaway counts them. */
	count: number | null;
	limit: number | null;
	offset: number | null;
	page: number | null;
	totalPages: number | null;
}

/** True when the envelope says the call failed, whatever the HTTP status was. */
export function isFailureEnvelope(body: unknown): boolean {
	return typeof body === "object" && body !== null && (body as { status?: unknown }).status === "fail";
}

/** Hostaway's error text: `result` when it is a string, else `message`; undefined when neither. */
export function errorTextOf(body: unknown): string | undefined {
	if (typeof body !== "object" || body === null) return undefined;
	const { result, message } = body as { result?: unknown; message?: unknown };
	if (typeof result === "string" && result.trim() !== "") return result;
	if (typeof message === "string" && message.trim() !== "") return message;
	return undefined;
}
