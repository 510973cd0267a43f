/**
 * The account's Hostaway token in KV, sealed (AES-GCM, bound to its key), with a KV TTL that
 * ends when the client stops using the token, well before Hostaway's own expiry.
 */
import type { StoredToken, TokenStore } from "../hostaway/ports";
import { tokenKey } from "./keys";
import type { SealedToken } from "./tenant-gate";
import type { TokenSealer } from "./token-seal";

/** KV refuses an expirationTtl under 60 s. */
const KV_MIN_TTL_SECONDS = 60;

export class KvTokenStore implements TokenStore {
	private readonly key: string;

	constructor(
		private readonly kv: KVNamespace,
		private readonly sealer: TokenSealer,
		tenantId: string,
	) {
		this.key = tokenKey(tenantId);
	}

	async get(): Promise<StoredToken | undefined> {
		let stored: SealedToken | null;
		try {
			stored = await this.kv.get<SealedToken>(this.key, "json");
		} catch (error) {
			console.warn("token store read failed; a token will be obtained from the gate", describe(error));
			return undefined;
		}
		if (!stored || typeof stored.sealed !== "string") return undefined;
		return this.sealer.open(stored);
	}

	async put(token: StoredToken): Promise<void> {
		const ttlSeconds = Math.max(KV_MIN_TTL_SECONDS, Math.floor((token.usableUntil - Date.now()) / 1000));
		try {
			await this.kv.put(this.key, JSON.stringify(await this.sealer.seal(token)), { expirationTtl: ttlSeconds });
		} catch (error) {
			// The gate still hands the token out; only its durability suffers.
			console.warn("token store write failed", describe(error));
		}
	}

	async delete(): Promise<void> {
		await this.kv.delete(this.key);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.name : "unknown error";
}
