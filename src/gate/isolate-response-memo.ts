/**
 * The isolate's memory of cached responses, in front of the KV cache: a cache hit served by an
 * isolate that has seen the entry skips the KV read and the decryption (most of a hit's cost
 * after the gate's round trip). Whether an entry may still be served is decided as for KV
 * entries, by the TenantGate's cache generation (the transport asks it on every read), and an
 * entry is never kept past the expiry its KV entry has.
 *
 * Entries are in clear only in this isolate's memory, never at rest (ARCHITECTURE.md invariant
 * 3), keyed by tenant like every other cache key (invariant 4). Bounded by size, least recently
 * used first out, so a big portfolio cannot take the isolate's memory.
 */
import type { CachedResponse, ResponseCache } from "../hostaway/ports";

/** Characters of response bodies the isolate keeps at most (about 16 MB as UTF-16). */
const MAX_MEMO_CHARS = 8_000_000;
/** A body larger than this is not memoized: it would push out many others. */
const MAX_ENTRY_CHARS = 1_000_000;
/** KV keeps an entry at least this long (kv-response-cache.ts); the memo the same. */
const MIN_TTL_SECONDS = 60;

interface MemoEntry {
	response: CachedResponse;
	expiresAt: number;
}

/** One memo per isolate, shared by every client built in it; Map order is the recency order. */
const memo = new Map<string, MemoEntry>();
let memoChars = 0;

function remember(key: string, entry: MemoEntry): void {
	forget(key);
	if (entry.response.body.length > MAX_ENTRY_CHARS) return;
	memo.set(key, entry);
	memoChars += entry.response.body.length;
	for (const [oldest, old] of memo) {
		if (memoChars <= MAX_MEMO_CHARS) break;
		memo.delete(oldest);
		memoChars -= old.response.body.length;
	}
}

function forget(key: string): void {
	const entry = memo.get(key);
	if (!entry) return;
	memo.delete(key);
	memoChars -= entry.response.body.length;
}

export class IsolateResponseMemo implements ResponseCache {
	constructor(
		private readonly inner: ResponseCache,
		private readonly tenantId: string,
	) {}

	async get(key: string): Promise<CachedResponse | undefined> {
		const memoKey = this.memoKey(key);
		const entry = memo.get(memoKey);
		if (entry && entry.expiresAt > Date.now()) {
			// Most recently used moves to the end.
			memo.delete(memoKey);
			memo.set(memoKey, entry);
			return entry.response;
		}
		if (entry) forget(memoKey);
		const stored = await this.inner.get(key);
		if (stored?.expiresAt !== undefined && stored.expiresAt > Date.now()) {
			remember(memoKey, { response: stored, expiresAt: stored.expiresAt });
		}
		return stored;
	}

	async put(key: string, response: CachedResponse, ttlSeconds: number): Promise<void> {
		const expiresAt = Date.now() + Math.max(MIN_TTL_SECONDS, Math.floor(ttlSeconds)) * 1000;
		remember(this.memoKey(key), { response: { ...response, expiresAt }, expiresAt });
		await this.inner.put(key, response, ttlSeconds);
	}

	private memoKey(key: string): string {
		return `${this.tenantId}\u0000${key}`;
	}
}
