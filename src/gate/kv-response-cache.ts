/**
 * Cached Hostaway responses in KV, per tenant and cache generation, sealed because they hold
 * guest data. A cache problem never fails a request: it is a miss.
 */
import type { ResponseCache } from "../hostaway/ports";
import { sha256Hex } from "../crypto/sha256";
import type { Sealer } from "../crypto/sealer";
import { responseCacheKey } from "./keys";

const KV_MIN_TTL_SECONDS = 60;

export class KvResponseCache implements ResponseCache {
	constructor(
		private readonly kv: KVNamespace,
		private readonly sealer: Sealer,
		private readonly tenantId: string,
	) {}

	async get(generation: number, key: string): Promise<string | undefined> {
		const kvKey = await this.kvKey(generation, key);
		try {
			const sealed = await this.kv.get(kvKey);
			if (sealed === null) return undefined;
			return await this.sealer.open(sealed, kvKey);
		} catch (error) {
			console.warn("response cache read failed", error instanceof Error ? error.name : "unknown error");
			return undefined;
		}
	}

	async put(generation: number, key: string, body: string, ttlSeconds: number): Promise<void> {
		const kvKey = await this.kvKey(generation, key);
		try {
			await this.kv.put(kvKey, await this.sealer.seal(body, kvKey), {
				expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.floor(ttlSeconds)),
			});
		} catch (error) {
			console.warn("response cache write failed", error instanceof Error ? error.name : "unknown error");
		}
	}

	private async kvKey(generation: number, key: string): Promise<string> {
		const kind = /^[A-Za-z]+/.exec(key)?.[0] ?? "other";
		return responseCacheKey(this.tenantId, generation, kind, await sha256Hex(key));
	}
}
