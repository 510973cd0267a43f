/**
 * What the sandbox answers, in Hostaway's envelopes: `{status, result}` for single objects;
 * lists in the two observed shapes (listings and reservations carry `count, limit, offset`;
 * conversations and messages carry `limit, offset, count, page, totalPages` as well, in that
 * order); failures as `{status: "fail", result: "<message>"}`, except 429, which Hostaway's
 * docs show with `message` (and, over a rate limit, `X-RateLimit-*` headers: control/rate-limits.ts).
 */
import type { JsonValue } from "./json";

export interface ApiReply {
	status: number;
	body: JsonValue;
	/** Headers besides Content-Type: only a 429 has any (`X-RateLimit-*`). */
	headers?: Record<string, string>;
}

/** A failure a handler raises; the dispatcher turns it into a `fail` reply. */
export class SandboxError extends Error {
	override name = "SandboxError";
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export const badRequest = (message: string): SandboxError => new SandboxError(400, message);
export const notFound = (message: string): SandboxError => new SandboxError(404, message);
export const forbidden = (message: string): SandboxError => new SandboxError(403, message);

export function ok(result: JsonValue): ApiReply {
	return { status: 200, body: { status: "success", result } };
}

export function fail(status: number, message: string): ApiReply {
	return { status, body: { status: "fail", result: message } };
}

export function rateLimited(message: string, headers?: Record<string, string>): ApiReply {
	return { status: 429, body: { status: "fail", message }, ...(headers ? { headers } : {}) };
}

export interface Page {
	/** The `limit` to echo: the request's, the endpoint's default, or null when there is none. */
	limit: number | null;
	offset: number;
}

export function slice<T>(items: readonly T[], page: Page): T[] {
	return page.limit === null ? items.slice(page.offset) : items.slice(page.offset, page.offset + page.limit);
}

/** Listings and reservations: `status, result, count, limit, offset` (as captured). */
export function shortList(result: JsonValue[], count: number, page: Page): ApiReply {
	return { status: 200, body: { status: "success", result, count, limit: page.limit, offset: page.offset } };
}

/** Conversations and messages: `status, result, limit, offset, count, page, totalPages` (as captured). */
export function pagedList(result: JsonValue[], count: number, page: Page): ApiReply {
	const pageSize = page.limit ?? Math.max(count, 1);
	return {
		status: 200,
		body: {
			status: "success",
			result,
			limit: page.limit,
			offset: page.offset,
			count,
			page: Math.floor(page.offset / pageSize) + 1,
			totalPages: Math.ceil(count / pageSize),
		},
	};
}
