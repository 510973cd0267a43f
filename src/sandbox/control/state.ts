/**
 * The sandbox's global state, kept by the reserved control instance of the Durable Object:
 * rate-limit windows (rate-limits.ts), control settings (latency, faults, rate-limit switch and
 * profile; persisted, so they survive a restart), and the request log and counters (in memory).
 * Every Hostaway API call is admitted here first and recorded here after.
 */
import { fail, rateLimited, type ApiReply } from "../wire/replies";
import { RateLimiter, rateLimitReply, type RateLimitProfile } from "./rate-limits";
import { Random } from "../seed/random";
import type { FaultSettings, LatencySettings } from "./schemas";

const DEFAULT_HANG_MS = 65_000;
const LOG_CAPACITY = 1000;

export interface LogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	accountId: string | null;
	status: number;
	/** When the sandbox received the call: the moment its rate limits count it. */
	receivedAt: string;
	/** When it answered (after the simulated latency). */
	at: string;
}

export interface AdmissionRequest {
	ip: string;
	accountId: string | null;
	method: string;
	/** The path below `/v1`. */
	path: string;
	query: Record<string, string>;
	/** `GET /listings/{listingId}` style, for counters. */
	routeKey: string;
}

/** Either an answer the call gets without reaching the account, or how to deliver the real one. */
export type Admission =
	| { outcome: "answered"; reply: RawReply }
	| { outcome: "proceed"; receivedAt: string; delayMs: number; hangMs: number | null; malformed: boolean };

/** A reply as bytes: faults may answer with HTML, as an overloaded gateway would. */
export interface RawReply {
	status: number;
	contentType: string;
	text: string;
	headers?: Record<string, string>;
}

interface Settings {
	latency: LatencySettings;
	faults: FaultSettings;
	/** When a rate-limit storm ends (ms since epoch). */
	stormUntilMs: number;
	/** How many more matching calls the faults apply to; null = no limit. */
	faultsRemaining: number | null;
	rateLimitsEnabled: boolean;
	/** Hostaway's limits as published since 2026-08-20, or the older 15/20 ones (rate-limits.ts). */
	rateLimitProfile: RateLimitProfile;
}

const DEFAULT_SETTINGS: Settings = {
	latency: { fixedMs: 0, jitterMs: 0 },
	faults: {},
	stormUntilMs: 0,
	faultsRemaining: null,
	rateLimitsEnabled: true,
	rateLimitProfile: "documented",
};

export function jsonReply(reply: ApiReply): RawReply {
	return { status: reply.status, contentType: "application/json", text: JSON.stringify(reply.body), headers: reply.headers };
}

function gatewayPage(status: number): string {
	const title =
		{ 502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable", 504: "504 Gateway Time-out" }[status] ?? `${status} Error`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

export class ControlState {
	private settings: Settings;
	private readonly rateLimiter = new RateLimiter();
	private log: LogEntry[] = [];
	private counters = {
		total: 0,
		byStatus: {} as Record<string, number>,
		byAccount: {} as Record<string, number>,
		byRoute: {} as Record<string, number>,
	};

	constructor(private readonly kv: SyncKvStorage) {
		this.settings = { ...DEFAULT_SETTINGS, ...(kv.get<Settings>("settings") ?? {}) };
	}

	admit(request: AdmissionRequest, nowMs: number): Admission {
		const { rateLimitsEnabled, rateLimitProfile } = this.settings;
		if (rateLimitsEnabled) {
			const refusal = this.rateLimiter.take(request, rateLimitProfile, nowMs);
			if (refusal) return this.answer(request, nowMs, jsonReply(rateLimitReply(refusal, rateLimitProfile, nowMs)));
		}
		let hangMs: number | null = null;
		let malformed = false;
		if (this.faultsApplyTo(request.method, request.path)) {
			// Read before consuming: the last counted call still gets the faults.
			const { faults, stormUntilMs } = this.settings;
			this.consumeFaultBudget();
			// A storm is a fault, not one of Hostaway's counters: its 429 carries no X-RateLimit-*
			// headers, so a client's handling of a bare 429 (backoff) is exercised too.
			if (stormUntilMs > nowMs) {
				return this.answer(request, nowMs, jsonReply(rateLimited("Too many requests: rate limit exceeded, try again later")));
			}
			if (faults.serverErrorRate !== undefined && Math.random() < faults.serverErrorRate) {
				const status = faults.serverErrorStatus ?? 503;
				const reply: RawReply =
					status === 500 ? jsonReply(fail(500, "Internal server error")) : { status, contentType: "text/html", text: gatewayPage(status) };
				return this.answer(request, nowMs, reply);
			}
			if (faults.hangRate !== undefined && Math.random() < faults.hangRate) hangMs = faults.hangMs ?? DEFAULT_HANG_MS;
			if (faults.malformedJsonRate !== undefined && Math.random() < faults.malformedJsonRate) malformed = true;
		}
		const { fixedMs, jitterMs, seed } = this.settings.latency;
		const draw = seed === undefined ? Math.random() : seededDraw(seed, requestIdentity(request));
		return {
			outcome: "proceed",
			receivedAt: new Date(nowMs).toISOString(),
			delayMs: fixedMs + Math.floor(draw * (jitterMs + 1)),
			hangMs,
			malformed,
		};
	}

	record(entry: Omit<LogEntry, "at">, routeKey: string, nowMs: number): void {
		this.log.push({ ...entry, at: new Date(nowMs).toISOString() });
		if (this.log.length > LOG_CAPACITY) this.log.splice(0, this.log.length - LOG_CAPACITY);
		const { counters } = this;
		counters.total++;
		counters.byStatus[entry.status] = (counters.byStatus[entry.status] ?? 0) + 1;
		if (entry.accountId !== null) counters.byAccount[entry.accountId] = (counters.byAccount[entry.accountId] ?? 0) + 1;
		counters.byRoute[routeKey] = (counters.byRoute[routeKey] ?? 0) + 1;
	}

	setLatency(latency: LatencySettings): LatencySettings {
		this.update({ latency });
		return latency;
	}

	setFaults(faults: FaultSettings, nowMs: number): FaultSettings {
		this.update({
			faults,
			stormUntilMs: faults.rateLimitStormMs ? nowMs + faults.rateLimitStormMs : 0,
			faultsRemaining: faults.count ?? null,
		});
		return faults;
	}

	/** Switches the limits on or off; a profile, when given, replaces the current one. Windows start empty on any change. */
	setRateLimits(enabled: boolean, profile?: RateLimitProfile): { enabled: boolean; profile: RateLimitProfile } {
		const rateLimitProfile = profile ?? this.settings.rateLimitProfile;
		if (!enabled || rateLimitProfile !== this.settings.rateLimitProfile) this.rateLimiter.clear();
		this.update({ rateLimitsEnabled: enabled, rateLimitProfile });
		return { enabled, profile: rateLimitProfile };
	}

	/** Back to a clean sandbox: no faults or latency, the documented rate limits on, empty windows, log and counters. */
	reset(): void {
		this.update({ ...DEFAULT_SETTINGS });
		this.rateLimiter.clear();
		this.clearLog();
	}

	view(): Pick<Settings, "latency" | "faults" | "faultsRemaining" | "rateLimitsEnabled" | "rateLimitProfile"> {
		const { latency, faults, faultsRemaining, rateLimitsEnabled, rateLimitProfile } = this.settings;
		return { latency, faults, faultsRemaining, rateLimitsEnabled, rateLimitProfile };
	}

	stats(): ControlState["counters"] {
		return structuredClone(this.counters);
	}

	entries(limit: number): LogEntry[] {
		return this.log.slice(-limit);
	}

	clearLog(): void {
		this.log = [];
		this.counters = { total: 0, byStatus: {}, byAccount: {}, byRoute: {} };
	}

	private answer(request: AdmissionRequest, nowMs: number, reply: RawReply): Admission {
		this.record(
			{
				method: request.method,
				path: `/v1${request.path}`,
				query: request.query,
				accountId: request.accountId,
				status: reply.status,
				receivedAt: new Date(nowMs).toISOString(),
			},
			request.routeKey,
			nowMs,
		);
		return { outcome: "answered", reply };
	}

	private faultsApplyTo(method: string, path: string): boolean {
		const { faults, faultsRemaining } = this.settings;
		if (Object.keys(faults).length === 0 || faultsRemaining === 0) return false;
		if (faults.method !== undefined && faults.method !== method) return false;
		const prefix = faults.pathPrefix?.replace(/^\/v1(?=\/)/, "");
		return prefix === undefined || path.startsWith(prefix);
	}

	/** With `count`, exactly the next N matching calls are subject to the faults; then they stop. */
	private consumeFaultBudget(): void {
		const remaining = this.settings.faultsRemaining;
		if (remaining === null) return;
		if (remaining <= 1) this.update({ faults: {}, stormUntilMs: 0, faultsRemaining: null });
		else this.update({ faultsRemaining: remaining - 1 });
	}

	private update(change: Partial<Settings>): void {
		this.settings = { ...this.settings, ...change };
		this.kv.put("settings", this.settings);
	}
}

/** The same for the same request, whatever the order of its query parameters. */
function requestIdentity(request: AdmissionRequest): string {
	const query = Object.entries(request.query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `${request.method} ${request.path}?${new URLSearchParams(query).toString()}`;
}

/**
 * A number in [0, 1) that depends only on the seed and the text: the text hashed (FNV-1a) with the
 * seed, then drawn with the sandbox's seeded generator, which scatters texts that differ in one
 * character (`limit=1`, `limit=2`) across the range.
 */
function seededDraw(seed: number, text: string): number {
	let hash = (0x811c9dc5 ^ seed) >>> 0;
	for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
	return new Random(hash).next();
}
