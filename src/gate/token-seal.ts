/**
 * Converts tokens between the client's form (StoredToken, token in clear) and the form the
 * gate and KV keep (SealedToken). The token is bound to its tenant's KV key as context.
 */
import type { StoredToken } from "../hostaway/ports";
import type { Sealer } from "../crypto/sealer";
import { tokenKey } from "./keys";
import type { SealedToken } from "./tenant-gate";

export class TokenSealer {
	private readonly context: string;

	constructor(
		private readonly sealer: Sealer,
		tenantId: string,
	) {
		this.context = tokenKey(tenantId);
	}

	async seal(token: StoredToken): Promise<SealedToken> {
		return {
			version: token.version,
			notBefore: token.notBefore,
			usableUntil: token.usableUntil,
			sealed: await this.sealer.seal(token.accessToken, this.context),
		};
	}

	/** Undefined when the token was sealed with another key (ENCRYPTION_KEY rotated) or altered. */
	async open(token: SealedToken): Promise<StoredToken | undefined> {
		const accessToken = await this.sealer.open(token.sealed, this.context);
		if (accessToken === undefined) return undefined;
		return { accessToken, version: token.version, notBefore: token.notBefore, usableUntil: token.usableUntil };
	}
}
