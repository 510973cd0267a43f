/**
 * Cached Hostaway responses in KV, one entry per tenant and request, sealed because they hold
 * guest data. The cache generation an entry was stored under is its KV metadata and is sealed
 * in with it (part of the additional data), so an entry cannot be passed off as of another
 * generation. A cache problem never fails a request: it is a miss.
 */
import type { CachedResponse, ResponseCache } from "../hostaway/ports";
import { sha256Hex } from "../crypto/sha256";
import type { Sealer } from "../crypto/sealer";
import { responseCacheKey } from "./keys";

const KV_MIN_TTL_SECONDS = 60;

interface EntryMetadata {
	generation: number;
	/** When the entry expires, for the isolate's memo of it (isolate-response-memo.ts). */
	expiresAt?: number;
}

export class KvResponseCache implements ResponseCache {
	constructor(
		private readonly kv: KVNamespace,
		private readonly sealer: Sealer,
		private readonly tenantId: string,
	) {}

	async get(key: string): Promise<CachedResponse | undefined> {
		const kvKey = await this.kvKey(key);
		try {
			const { value: sealed, metadata } = await this.kv.getWithMetadata<EntryMetadata>(kvKey);
			const generation = metadata?.generation;
			if (sealed === null || typeof generation !== "number") return undefined;
			const body = await this.sealer.open(sealed, sealingContext(kvKey, generation));
			if (body === undefined) return undefined;
			return metadata?.expiresAt === undefined ? { body, generation } : { body, generation, expiresAt: metadata.expiresAt };
		} catch (error) {
			console.warn("response cache read failed", error instanceof Error ? error.name : "unknown error");
			return undefined;
		}
	}

	async put(key: string, response: CachedResponse, ttlSeconds: number): Promise<void> {
		const kvKey = await this.kvKey(key);
		try {
			const expirationTtl = Math.max(KV_MIN_TTL_SECONDS, Math.floor(ttlSeconds));
			const metadata: EntryMetadata = { generation: response.generation, expiresAt: Date.now() + expirationTtl * 1000 };
			await this.kv.put(kvKey, await this.sealer.seal(response.body, sealingContext(kvKey, response.generation)), {
				expirationTtl,
				metadata,
			});
		} catch (error) {
			console.warn("response cache write failed", error instanceof Error ? error.name : "unknown error");
		}
	}

	private async kvKey(key: string): Promise<string> {
		const kind = /^[A-Za-z]+/.exec(key)?.[0] ?? "other";
		return responseCacheKey(this.tenantId, kind, await sha256Hex(key));
	}
}

/** The entry's key and generation, bound into its sealing: copied to another key or relabelled, it does not open. */
function sealingContext(kvKey: string, generation: number): string {
	return `${kvKey}#${generation}`;
}
