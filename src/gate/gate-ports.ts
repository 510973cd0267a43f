/**
 * The Hostaway client's RateGate, CacheGenerations and TokenMintCoordinator, implemented by
 * calls to the account's TenantGate. Tokens cross into the gate sealed only.
 */
import type {
	CacheGenerations,
	MintFailure,
	RateGate,
	RateLimitSignal,
	ReadThroughDecision,
	SlotDecision,
	SlotRequest,
	StoredToken,
	TokenClaim,
	TokenMintCoordinator,
} from "../hostaway/ports";
import type { RateCounter } from "../hostaway/rate-counters";
import type { RateBudget } from "./rate-window";
import type { tenantGate } from "./stub";
import type { TokenSealer } from "./token-seal";

type GateStub = ReturnType<typeof tenantGate>;

export class GatePorts implements RateGate, CacheGenerations, TokenMintCoordinator {
	constructor(
		private readonly gate: GateStub,
		private readonly budgets: Readonly<Record<RateCounter, RateBudget>>,
		private readonly sealer: TokenSealer,
	) {}

	acquireSlot(request: SlotRequest, maxWaitMs: number): Promise<SlotDecision> {
		return this.gate.acquireSlot(request, this.budgets[request.counter], maxWaitMs);
	}

	// issue 11, still to come: adopt a lower limit a 429 reports; a deployment-wide hold-off on `applied: "ip"`.
	holdOff(ms: number, signal?: RateLimitSignal): Promise<void> {
		return this.gate.holdOff(ms, signal);
	}

	readThrough(request: SlotRequest, maxWaitMs: number, cachedGeneration?: number): Promise<ReadThroughDecision> {
		return this.gate.readThrough(request, this.budgets[request.counter], maxWaitMs, cachedGeneration);
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
