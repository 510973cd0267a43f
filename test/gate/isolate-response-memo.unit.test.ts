/**
 * The isolate's memo in front of the KV response cache: a second read of an entry is answered
 * from memory, never past the entry's expiry, never across tenants; oversized bodies are not kept.
 */
import { describe, expect, it } from "vitest";
import { IsolateResponseMemo } from "../../src/gate/isolate-response-memo";
import type { CachedResponse, ResponseCache } from "../../src/hostaway/ports";

/** A stand-in for KV that counts its reads. */
class CountingCache implements ResponseCache {
	readonly entries = new Map<string, CachedResponse>();
	reads = 0;
	async get(key: string): Promise<CachedResponse | undefined> {
		this.reads++;
		return this.entries.get(key);
	}
	async put(key: string, response: CachedResponse, ttlSeconds: number): Promise<void> {
		this.entries.set(key, { ...response, expiresAt: Date.now() + ttlSeconds * 1000 });
	}
}

let unique = 0;
const keyFor = (name: string) => `listings:GET /listings?${name}-${++unique}`;

describe("IsolateResponseMemo", () => {
	it("answers a read after a put from memory, and a KV entry read once from memory afterwards", async () => {
		const kv = new CountingCache();
		const memo = new IsolateResponseMemo(kv, "100001");
		const written = keyFor("written");
		await memo.put(written, { body: '{"a":1}', generation: 7 }, 900);
		expect(await memo.get(written)).toMatchObject({ body: '{"a":1}', generation: 7 });
		expect(kv.reads).toBe(0);

		const stored = keyFor("stored");
		kv.entries.set(stored, { body: '{"b":2}', generation: 7, expiresAt: Date.now() + 60_000 });
		await memo.get(stored);
		await memo.get(stored);
		expect(kv.reads).toBe(1);
	});

	it("never answers past the entry's expiry, and keeps no entry whose expiry is unknown", async () => {
		const kv = new CountingCache();
		const memo = new IsolateResponseMemo(kv, "100001");
		const expired = keyFor("expired");
		kv.entries.set(expired, { body: "{}", generation: 1, expiresAt: Date.now() - 1 });
		await memo.get(expired);
		await memo.get(expired);
		expect(kv.reads).toBe(2);
		const unknown = keyFor("unknown");
		kv.entries.set(unknown, { body: "{}", generation: 1 });
		await memo.get(unknown);
		await memo.get(unknown);
		expect(kv.reads).toBe(4);
	});

	it("keeps tenants apart: the same request key of another tenant is not answered from memory", async () => {
		const key = keyFor("shared");
		await new IsolateResponseMemo(new CountingCache(), "100001").put(key, { body: '{"tenant":1}', generation: 1 }, 900);
		const otherKv = new CountingCache();
		expect(await new IsolateResponseMemo(otherKv, "100002").get(key)).toBeUndefined();
		expect(otherKv.reads).toBe(1);
	});

	it("does not keep a body too large to share the memory fairly", async () => {
		const kv = new CountingCache();
		const memo = new IsolateResponseMemo(kv, "100001");
		const big = keyFor("big");
		await memo.put(big, { body: "x".repeat(1_000_001), generation: 1 }, 900);
		await memo.get(big);
		expect(kv.reads).toBe(1);
	});
});
