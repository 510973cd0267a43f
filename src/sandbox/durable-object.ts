/**
 * HostawaySandbox: one Durable Object class in two roles. An instance named after an account
 * (`account:100001`) holds that account's data and tokens in its SQLite storage and answers its
 * API calls, so writes never leak between accounts. The reserved instance `sandbox-control`
 * holds what is global: rate-limit windows, control settings, the request log and counters.
 * The front door (front-door.ts) talks to both over RPC.
 */
import { DurableObject } from "cloudflare:workers";
import { findAccount, type SandboxAccount } from "./accounts";
import type { ApiCall } from "./api/context";
import { dispatchApiCall } from "./api/dispatch";
import { sandboxClock } from "./clock";
import { receiveGuestMessage } from "./control/guest-messages";
import type { RateLimitProfile } from "./control/rate-limits";
import type { FaultSettings, GuestMessage, LatencySettings } from "./control/schemas";
import { ControlState, type Admission, type AdmissionRequest, type LogEntry } from "./control/state";
import type { MessageRecord } from "./seed/templates";
import { AccountStore } from "./store/account-store";
import { TokenStore } from "./store/token-store";
import type { ApiReply } from "./wire/replies";

/** What the sandbox needs from the Worker's env: its namespace, typed (from `wrangler types`) or not. */
export interface SandboxEnv {
	HOSTAWAY_SANDBOX: DurableObjectNamespace | DurableObjectNamespace<HostawaySandbox>;
	/** `YYYY-MM-DD`: the sandbox's business day instead of the real date (see clock.ts). */
	SANDBOX_TODAY?: string;
}

interface AccountRole {
	account: SandboxAccount;
	store: AccountStore;
	tokens: TokenStore;
}

export class HostawaySandbox extends DurableObject<SandboxEnv> {
	private accountRole?: AccountRole;
	private controlRole?: ControlState;

	// ------------------------------------------------------------------ account role

	async api(call: ApiCall): Promise<ApiReply> {
		const { account, store, tokens } = this.asAccount(call.accountId);
		return dispatchApiCall(call, account, store, tokens, sandboxClock(this.env.SANDBOX_TODAY));
	}

	/** Restores the seed (dated on the business day, generated on next use) and lifts token revocations. Issued tokens stay valid. */
	async resetAccount(accountId: string): Promise<void> {
		const { store, tokens } = this.asAccount(accountId);
		store.restore();
		tokens.liftRevocations();
	}

	async revokeTokens(accountId: string): Promise<number> {
		return this.asAccount(accountId).tokens.revokeAll();
	}

	/** A guest's message arriving from the channel (control API); null when the account has no such conversation. */
	async receiveGuestMessage(accountId: string, request: Omit<GuestMessage, "accountId">): Promise<MessageRecord | null> {
		const { account, store } = this.asAccount(accountId);
		const { businessNowMs } = sandboxClock(this.env.SANDBOX_TODAY);
		store.ready(businessNowMs);
		return receiveGuestMessage(store, account, businessNowMs, request);
	}

	// ------------------------------------------------------------------ control role

	async admit(request: AdmissionRequest): Promise<Admission> {
		return this.asControl().admit(request, Date.now());
	}

	async record(entry: Omit<LogEntry, "at">, routeKey: string): Promise<void> {
		this.asControl().record(entry, routeKey, Date.now());
	}

	async setLatency(latency: LatencySettings): Promise<LatencySettings> {
		return this.asControl().setLatency(latency);
	}

	async setFaults(faults: FaultSettings): Promise<FaultSettings> {
		return this.asControl().setFaults(faults, Date.now());
	}

	async setRateLimits(enabled: boolean, profile?: RateLimitProfile): Promise<ReturnType<ControlState["setRateLimits"]>> {
		return this.asControl().setRateLimits(enabled, profile);
	}

	async resetControl(): Promise<void> {
		this.asControl().reset();
	}

	async settings(): Promise<ReturnType<ControlState["view"]>> {
		return this.asControl().view();
	}

	async stats(): Promise<ReturnType<ControlState["stats"]>> {
		return this.asControl().stats();
	}

	async log(limit: number): Promise<LogEntry[]> {
		return this.asControl().entries(limit);
	}

	async clearLog(): Promise<void> {
		this.asControl().clearLog();
	}

	// ------------------------------------------------------------------ roles

	private asAccount(accountId: string): AccountRole {
		if (this.controlRole) throw new Error("the sandbox control instance holds no account");
		if (this.accountRole) {
			if (this.accountRole.account.accountId !== accountId) throw new Error("this sandbox instance belongs to another account");
			return this.accountRole;
		}
		const account = findAccount(accountId);
		if (!account) throw new Error(`no sandbox account ${accountId}`);
		this.accountRole = { account, store: new AccountStore(this.ctx.storage, account), tokens: new TokenStore(this.ctx.storage.sql) };
		return this.accountRole;
	}

	private asControl(): ControlState {
		if (this.accountRole) throw new Error("an account instance is not the sandbox control instance");
		this.controlRole ??= new ControlState(this.ctx.storage.kv);
		return this.controlRole;
	}
}
