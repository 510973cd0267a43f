/**
 * readBodyWithin (src/http/request-body.ts): a body within the cap is read whole; a bigger one is
 * cut off as soon as the cap is passed, whether or not Content-Length says so (or lies).
 */
import { describe, expect, it } from "vitest";
import { readBodyWithin } from "../../src/http/request-body";

const CHUNK = 16 * 1024;

/**
 * A body that never ends, sent without Content-Length; counts what the reader pulled and
 * whether it was cancelled.
 */
function endlessBody(): { body: ReadableStream<Uint8Array>; pulledBytes: () => number; cancelled: () => boolean } {
	let pulled = 0;
	let cancelled = false;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			pulled += CHUNK;
			controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
		},
		cancel() {
			cancelled = true;
		},
	});
	return { body, pulledBytes: () => pulled, cancelled: () => cancelled };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
	return new Request("http://localhost:8787/anywhere", { method: "POST", body, headers });
}

describe("readBodyWithin", () => {
	it("reads a body within the cap whole, as bytes and as text", async () => {
		const text = `{"greeting":"héllo ${"x".repeat(1000)}"}`;
		const result = await readBodyWithin(post(text), 10_000);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.text()).toBe(text);
		expect(result.bytes.byteLength).toBe(new TextEncoder().encode(text).byteLength);
	});

	it("takes a body of exactly the cap, and an empty body", async () => {
		const exact = await readBodyWithin(post("a".repeat(1000)), 1000);
		expect(exact.ok && exact.text().length).toBe(1000);
		const empty = await readBodyWithin(post(null), 1000);
		expect(empty.ok && empty.text()).toBe("");
	});

	it("stops reading a streamed body without Content-Length as soon as it passes the cap", async () => {
		const stream = endlessBody();
		const request = post(stream.body);
		expect(request.headers.get("Content-Length")).toBeNull();
		expect(await readBodyWithin(request, 100_000)).toEqual({ ok: false, reason: "too_large" });
		// The stream never ends, so answering at all proves it was not read to the end.
		expect(stream.pulledBytes()).toBeLessThan(100_000 + 4 * CHUNK);
		expect(stream.cancelled()).toBe(true);
	});

	it("does not trust a Content-Length smaller than what is sent", async () => {
		const stream = endlessBody();
		const result = await readBodyWithin(post(stream.body, { "Content-Length": "20" }), 100_000);
		expect(result).toEqual({ ok: false, reason: "too_large" });
		expect(stream.pulledBytes()).toBeLessThan(100_000 + 4 * CHUNK);
	});

	it("refuses at once, unread, when Content-Length already says too large", async () => {
		const stream = endlessBody();
		expect(await readBodyWithin(post(stream.body, { "Content-Length": "100001" }), 100_000)).toEqual({ ok: false, reason: "too_large" });
		expect(stream.pulledBytes()).toBeLessThanOrEqual(CHUNK);
	});
});
