/**
 * Cursor pagination for list operations. A cursor is opaque to the model: base64url JSON
 * holding where the next page starts upstream (an offset, or for reservations Hostaway's
 * `afterId`) and a fingerprint of the filters it belongs to, so a cursor cannot be replayed
 * against different filters by mistake.
 */
import { z } from "zod";
import { canonicalJson } from "./confirmation";
import { OperationError } from "./errors";

const cursorPayload = z.object({ offset: z.number().int().min(0), filters: z.string() });

export const cursorArgument = z.string().max(512).optional().describe("nextCursor of the previous page");

/** Longest result, in characters, a list or detail operation returns (keeps the model's context lean). */
export const MAX_RESULT_CHARS = 20_000;

export function filterFingerprint(filters: unknown): string {
	const json = canonicalJson(filters ?? {});
	let hash = 0;
	for (let i = 0; i < json.length; i++) hash = (Math.imul(hash, 31) + json.charCodeAt(i)) | 0;
	return (hash >>> 0).toString(36);
}

function encodePayload(payload: object): string {
	return btoa(JSON.stringify(payload)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const INVALID_CURSOR = "cursor is not valid; pass nextCursor exactly as a previous result returned it, or leave it out.";

/** The cursor's JSON, whatever its shape; a cursor that is not base64url JSON is refused. */
function decodePayload(cursor: string): unknown {
	try {
		return JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
	} catch {
		throw new OperationError("invalid_input", INVALID_CURSOR);
	}
}

function checkFilters(payload: { filters: string }, filters: unknown): void {
	if (payload.filters !== filterFingerprint(filters)) {
		throw new OperationError(
			"invalid_input",
			"cursor belongs to a search with different filters; repeat the same filters with it, or leave it out to start over.",
		);
	}
}

export function encodeCursor(offset: number, filters: unknown): string {
	return encodePayload({ offset, filters: filterFingerprint(filters) });
}

/** The upstream offset a cursor points at (0 without a cursor). */
export function decodeCursor(cursor: string | undefined, filters: unknown): number {
	if (cursor === undefined || cursor === "") return 0;
	const parsed = cursorPayload.safeParse(decodePayload(cursor));
	if (!parsed.success) throw new OperationError("invalid_input", INVALID_CURSOR);
	checkFilters(parsed.data, filters);
	return parsed.data.offset;
}

/**
 * Where a walk through reservations stands: after reservation `afterId` (Hostaway's cursor) in
 * the walk's order, with `seen` reservations before it (so totals and hasMore stay exact).
 */
export interface AfterIdPosition {
	afterId: number;
	seen: number;
}

const afterIdPayload = z.object({ afterId: z.number().int().min(1), seen: z.number().int().min(0), filters: z.string() });

export function encodeAfterIdCursor(position: AfterIdPosition, filters: unknown): string {
	return encodePayload({ afterId: position.afterId, seen: position.seen, filters: filterFingerprint(filters) });
}

/** The position an afterId cursor points at (undefined without a cursor: from the start). */
export function decodeAfterIdCursor(cursor: string | undefined, filters: unknown): AfterIdPosition | undefined {
	if (cursor === undefined || cursor === "") return undefined;
	const payload = decodePayload(cursor);
	const parsed = afterIdPayload.safeParse(payload);
	if (!parsed.success) {
		// A cursor made before reservations were paged by afterId holds an offset, which cannot be turned into an id.
		const offsetCursor = cursorPayload.safeParse(payload);
		if (!offsetCursor.success) throw new OperationError("invalid_input", INVALID_CURSOR);
		checkFilters(offsetCursor.data, filters);
		throw new OperationError(
			"invalid_input",
			"cursor is from an earlier version of this server (it paged by offset, which Hostaway deprecated) and cannot be continued; repeat the search without cursor to start over.",
		);
	}
	checkFilters(parsed.data, filters);
	return { afterId: parsed.data.afterId, seen: parsed.data.seen };
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

/**
 * A cursor holding an operation's own position (any JSON object `schema` accepts), bound to
 * its filters like the others: for walks whose place is more than one offset.
 */
export function encodePositionCursor(position: object, filters: unknown): string {
	return encodePayload({ position, filters: filterFingerprint(filters) });
}

/** The position a cursor from encodePositionCursor holds (undefined without a cursor). */
export function decodePositionCursor<Position>(
	cursor: string | undefined,
	schema: z.ZodType<Position>,
	filters: unknown,
): Position | undefined {
	if (cursor === undefined || cursor === "") return undefined;
	const parsed = z.object({ position: schema, filters: z.string() }).safeParse(decodePayload(cursor));
	if (!parsed.success) throw new OperationError("invalid_input", INVALID_CURSOR);
	checkFilters(parsed.data, filters);
	return parsed.data.position;
}
