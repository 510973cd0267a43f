/**
 * Cursor pagination for list operations. A cursor is opaque to the model: base64url JSON
 * holding where the next page starts upstream and a fingerprint of the filters it belongs
 * to, so a cursor cannot be replayed against different filters by mistake.
 */
import { z } from "zod";
import { canonicalJson } from "./confirmation";
import { OperationError } from "./errors";

const cursorPayload = z.object({ offset: z.number().int().min(0), filters: z.string() });

export const cursorArgument = z
	.string()
	.max(512)
	.optional()
	.describe("Pass nextCursor from the previous result to get the next page; leave out for the first page");

/** Longest result, in characters, a list or detail operation returns (keeps the model's context lean). */
export const MAX_RESULT_CHARS = 20_000;

export function filterFingerprint(filters: unknown): string {
	const json = canonicalJson(filters ?? {});
	let hash = 0;
	for (let i = 0; i < json.length; i++) hash = (Math.imul(hash, 31) + json.charCodeAt(i)) | 0;
	return (hash >>> 0).toString(36);
}

export function encodeCursor(offset: number, filters: unknown): string {
	const json = JSON.stringify({ offset, filters: filterFingerprint(filters) });
	return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The upstream offset a cursor points at (0 without a cursor). */
export function decodeCursor(cursor: string | undefined, filters: unknown): number {
	if (cursor === undefined || cursor === "") return 0;
	let payload: z.infer<typeof cursorPayload>;
	try {
		const base64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
		payload = cursorPayload.parse(JSON.parse(atob(base64)));
	} catch {
		throw new OperationError(
			"invalid_input",
			"cursor is not valid; pass nextCursor exactly as a previous result returned it, or leave it out.",
		);
	}
	if (payload.filters !== filterFingerprint(filters)) {
		throw new OperationError(
			"invalid_input",
			"cursor belongs to a search with different filters; repeat the same filters with it, or leave it out to start over.",
		);
	}
	return payload.offset;
}

/**
 * Takes rows from the front while their JSON stays within `maxChars`, so a result never
 * exceeds the budget however long the rows are. Returns how many fit (at least one).
 */
export function countWithinBudget(rows: readonly unknown[], maxChars: number): number {
	let used = 0;
	for (let i = 0; i < rows.length; i++) {
		used += JSON.stringify(rows[i]).length + 1;
		if (used > maxChars) return Math.max(1, i);
	}
	return rows.length;
}
