/**
 * The Hostaway client's RateGate, CacheGenerations and TokenMintCoordinator, implemented by
 * calls to the account's TenantGate. Tokens cross into the gate sealed only.
 */
import type {
	CacheGenerations,
	MintFailure,
	RateGate,
	RateLimitSignal,
	SlotDecision,
	StoredToken,
	TokenClaim,
	TokenMintCoordinator,
} from "../hostaway/ports";
import type { RateBudget } from "./rate-window";
import type { tenantGate } from "./stub";
import type { TokenSealer } from "./token-seal";

type GateStub = ReturnType<typeof tenantGate>;

export class GatePorts implements RateGate, CacheGenerations, TokenMintCoordinator {
	constructor(
		private readonly gate: GateStub,
		private readonly budget: RateBudget,
		private readonly sealer: TokenSealer,
	) {}

	acquireSlot(maxWaitMs: number): Promise<SlotDecision> {
		return this.gate.acquireSlot(this.budget, maxWaitMs);
	}

	// issue 11: adopt the lower limit, ip-wide hold-off (the signal is accepted and not used yet).
	holdOff(ms: number, _signal?: RateLimitSignal): Promise<void> {
		return this.gate.holdOff(ms);
	}

	current(): Promise<number> {
		return this.gate.cacheGeneration();
	}

	bump(): Promise<number> {
		return this.gate.bumpCacheGeneration();
	}

	async claim(rejectedVersion?: string): Promise<TokenClaim> {
		const claim = await this.gate.claimToken(rejectedVersion);
		if (claim.kind !== "token") return claim;
		const token = await this.sealer.open(claim.token);
		// Sealed with another key (ENCRYPTION_KEY rotated): treat it as refused, so a new one is minted.
		if (!token) return this.claim(claim.token.version);
		return { kind: "token", token };
	}

	async finish(mintId: string, outcome: { ok: true; token: StoredToken } | { ok: false; failure: MintFailure }): Promise<void> {
		if (!outcome.ok) return this.gate.finishTokenMint(mintId, outcome);
		return this.gate.finishTokenMint(mintId, { ok: true, token: await this.sealer.seal(outcome.token) });
	}
}
