/**
 * The account's access token: reused from memory, then from the token store, and minted only
 * when neither has one, through the single-flight coordinator so that any number of
 * concurrent callers cause one mint (hostaway-api.md §1: do not mint per request).
 *
 * A fresh token is not used before its not-before moment (Hostaway refuses it during its first
 * second), and it is kept for much less than Hostaway's 24 months so an old token is replaced
 * long before it could expire in the middle of a request.
 */
import {
	HostawayAuthenticationError,
	HostawayError,
	HostawayRateLimitedError,
	HostawayUnavailableError,
	HostawayUnexpectedResponseError,
} from "./errors";
import type { HostawayMetrics } from "./metrics";
import type { Clock, MintFailure, StoredToken, TokenMintCoordinator, TokenStore } from "./ports";
import { TokenResponseSchema } from "./schemas/token";
import type { Transport } from "./transport";

export interface HostawayCredentials {
	/** The Hostaway account id (OAuth client id). */
	accountId: string;
	/** The API key (OAuth client secret). */
	apiKey: string;
}

export interface TokenPolicy {
	/** Wait this long after receiving a token before its first use (Hostaway: at least 1 s). */
	notBeforeDelayMs: number;
	/** Keep a token at most this long… */
	maxLifetimeMs: number;
	/** …and at most this fraction of the lifetime Hostaway granted. */
	lifetimeFraction: number;
	/**
	 * A token younger than this cannot have expired: a 403 on a write made with it is Hostaway
	 * refusing that write (a channel-managed booking), not the token (hostaway-api.md §1.3).
	 */
	freshForMs: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
	// One second plus margin: the token's issue time lies between sending and receiving.
	notBeforeDelayMs: 1_100,
	maxLifetimeMs: 30 * 24 * 3600 * 1000,
	lifetimeFraction: 0.5,
	freshForMs: 10 * 60 * 1000,
};

/** Used when Hostaway does not say (`expires_in` absent): its documented 24 months. */
const DOCUMENTED_TOKEN_LIFETIME_SECONDS = 63_072_000;

/** Bounded so that a coordinator that keeps handing out unusable answers cannot make a loop. */
const MAX_CLAIMS = 3;

export class TokenManager {
	private current?: StoredToken;

	constructor(
		private readonly deps: {
			credentials: HostawayCredentials;
			store: TokenStore;
			coordinator: TokenMintCoordinator;
			transport: Transport;
			clock: Clock;
			metrics: HostawayMetrics;
			policy: TokenPolicy;
		},
	) {}

	/** A token that may be used now (waits out its not-before moment if needed). */
	async usableToken(): Promise<StoredToken> {
		const token = await this.token();
		const wait = token.notBefore - this.deps.clock.now();
		if (wait > 0) await this.deps.clock.sleep(wait);
		return token;
	}

	/**
	 * Mints a token with these credentials and discards it: proves that Hostaway accepts them
	 * (sign-in). Never answered from a stored token, which would prove nothing about the key.
	 * Throws HostawayAuthenticationError when Hostaway refuses them.
	 */
	async proveCredentials(): Promise<void> {
		await this.mint();
	}

	/**
	 * Whether `token` was minted less than `policy.freshForMs` ago. The mint time is not stored;
	 * it is the not-before moment less the delay this policy put before it (see `mint`).
	 */
	isFresh(token: StoredToken): boolean {
		const { clock, policy } = this.deps;
		const mintedAt = token.notBefore - policy.notBeforeDelayMs;
		return clock.now() - mintedAt < policy.freshForMs;
	}

	/** Hostaway refused `rejected`: forget it and get another one (minted once for all callers). */
	async replaceRejected(rejected: StoredToken): Promise<StoredToken> {
		if (this.current?.version === rejected.version) this.current = undefined;
		return this.fromCoordinator(rejected.version);
	}

	private async token(): Promise<StoredToken> {
		const now = this.deps.clock.now();
		if (this.current && this.current.usableUntil > now) return this.current;
		const stored = await this.deps.store.get();
		if (stored && stored.usableUntil > now) {
			this.current = stored;
			return stored;
		}
		return this.fromCoordinator(stored?.version);
	}

	private async fromCoordinator(rejectedVersion: string | undefined): Promise<StoredToken> {
		for (let claimNumber = 0; claimNumber < MAX_CLAIMS; claimNumber++) {
			const claim = await this.deps.coordinator.claim(rejectedVersion);
			if (claim.kind === "token") {
				if (claim.token.usableUntil <= this.deps.clock.now() || claim.token.version === rejectedVersion) continue;
				this.current = claim.token;
				return claim.token;
			}
			if (claim.kind === "failed") throw errorFromFailure(claim.failure);
			return this.mintAsTheOne(claim.mintId, rejectedVersion);
		}
		throw new HostawayUnavailableError("Could not obtain a Hostaway access token; try again shortly.");
	}

	/** This caller holds the mint claim: mint, store, and tell every waiting caller. */
	private async mintAsTheOne(mintId: string, rejectedVersion: string | undefined): Promise<StoredToken> {
		const { store, coordinator } = this.deps;
		let token: StoredToken;
		try {
			if (rejectedVersion !== undefined) await store.delete();
			token = await this.mint();
		} catch (error) {
			await coordinator.finish(mintId, { ok: false, failure: failureFrom(error) });
			throw error;
		}
		try {
			await store.put(token);
		} finally {
			// Waiting callers get the token from the coordinator even if the store write failed.
			await coordinator.finish(mintId, { ok: true, token });
		}
		this.current = token;
		return token;
	}

	private async mint(): Promise<StoredToken> {
		const { credentials, transport, clock, metrics, policy } = this.deps;
		metrics.tokenMints++;
		const body = await transport.send({
			method: "POST",
			path: "/accessTokens",
			form: {
				grant_type: "client_credentials",
				client_id: credentials.accountId,
				client_secret: credentials.apiKey,
				scope: "general",
			},
			authenticated: false,
			changesData: false,
			// A second token is harmless: repeating the mint after a lost answer is safe.
			subject: `access token for account ${credentials.accountId}`,
		});
		const parsed = TokenResponseSchema.safeParse(body);
		if (!parsed.success) {
			throw new HostawayUnexpectedResponseError("Hostaway's access-token answer has no access_token.");
		}
		const receivedAt = clock.now();
		const grantedMs = (parsed.data.expires_in ?? DOCUMENTED_TOKEN_LIFETIME_SECONDS) * 1000;
		return {
			accessToken: parsed.data.access_token,
			notBefore: receivedAt + policy.notBeforeDelayMs,
			usableUntil: receivedAt + Math.min(policy.maxLifetimeMs, grantedMs * policy.lifetimeFraction),
			version: crypto.randomUUID(),
		};
	}
}

function failureFrom(error: unknown): MintFailure {
	if (error instanceof HostawayAuthenticationError) return { kind: "authentication", message: error.message };
	if (error instanceof HostawayRateLimitedError) {
		return { kind: "rate_limited", message: error.message, retryAfterSeconds: error.retryAfterSeconds };
	}
	if (error instanceof HostawayError) return { kind: "unavailable", message: error.message };
	return { kind: "unavailable", message: "Obtaining a Hostaway access token failed." };
}

function errorFromFailure(failure: MintFailure): HostawayError {
	switch (failure.kind) {
		case "authentication":
			return new HostawayAuthenticationError(failure.message);
		case "rate_limited":
			return new HostawayRateLimitedError(failure.message, failure.retryAfterSeconds ?? 1);
		default:
			return new HostawayUnavailableError(failure.message);
	}
}
