/**
 * The server's configuration, parsed once per isolate from the Worker's vars and secrets.
 *
 * Every variable is documented in `.dev.vars.example`. A missing or malformed value fails
 * with one message naming the variable (ConfigError, which also lists the variables), never
 * its value or a stack trace: the HTTP layer answers 503 "misconfigured" with it (`/health`
 * included), a tool call answers it as a "not configured" tool error, and `wrangler dev`
 * prints it.
 */
import { z } from "zod";
import { isCalendarDate } from "./clock";
import type { RateCounter } from "./hostaway/rate-counters";

/** Hostaway's production API. The default wherever HOSTAWAY_BASE_URL is not set. */
export const LIVE_HOSTAWAY_BASE_URL = "https://api.hostaway.com/v1";

/** The value of HOSTAWAY_BASE_URL that selects the built-in sandbox (in-process, no network). */
export const SANDBOX_BASE_URL_KEYWORD = "sandbox";

const booleanFlag = z
	.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
		error: "must be one of true/false, 1/0, yes/no, on/off",
	})
	.transform((value) => ["true", "1", "yes", "on"].includes(value));

const baseUrl = z
	.string()
	.trim()
	.refine(
		(value) => {
			if (value === SANDBOX_BASE_URL_KEYWORD) return true;
			try {
				const url = new URL(value);
				return url.protocol === "https:" || url.protocol === "http:";
			} catch {
				return false;
			}
		},
		{ error: `must be "${SANDBOX_BASE_URL_KEYWORD}" or an http(s) URL such as ${LIVE_HOSTAWAY_BASE_URL}` },
	)
	.transform((value) => value.replace(/\/+$/, ""));

function integerVariable(min: number, max: number, unit: string) {
	return z
		.string()
		.trim()
		.regex(/^\d+$/, { error: `must be a whole number of ${unit}` })
		.transform(Number)
		.pipe(
			z
				.number()
				.min(min, { error: `must be at least ${min}` })
				.max(max, { error: `must be at most ${max}` }),
		);
}

/** Standard or URL-safe base64 to bytes; undefined when the text is not base64. */
function decodeBase64(text: string): Uint8Array | undefined {
	const normalized = text.replace(/-/g, "+").replace(/_/g, "/");
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return undefined;
	try {
		return Uint8Array.from(atob(normalized), (char) => char.charCodeAt(0));
	} catch {
		return undefined;
	}
}

/**
 * Each account's budget per Hostaway counter (hostaway-api.md §3, as corrected on 2026-08-20), a
 * little under the documented limit (5 %, two requests of 30 a minute) for clock drift between
 * this server and Hostaway and for Hostaway's own counting: the general counter (200 per 10 s per
 * account, and per IP), sending messages (30 per minute), price quotes (400 per 10 s) and creating
 * reservations (200 per 10 s). The configurable maximum of each is the documented limit.
 */
export const DEFAULT_RATE_PER_10S = 190;
/** The deployment's share of the per-IP counter (200 per 10 s), divided among the accounts sending at once. */
export const DEFAULT_RATE_IP_PER_10S = 190;
export const DEFAULT_MESSAGES_PER_MINUTE = 28;
export const DEFAULT_PRICE_QUOTES_PER_10S = 380;
export const DEFAULT_RESERVATION_CREATES_PER_10S = 190;
/**
 * How long a call may wait for its turn in its account's budget before "busy, retry in N s":
 * long enough to ride out a full window, short enough for an MCP client's request timeout
 * (commonly 60 s) with the request's own retries after it.
 */
export const DEFAULT_RATE_MAX_WAIT_MS = 25_000;
/** Per upstream request; the whole retry budget stays under an MCP client's ~15 s tool timeout. */
export const DEFAULT_TIMEOUT_MS = 8_000;
/** Hostaway counts its limits in windows of 10 seconds (hostaway-api.md §3)… */
export const HOSTAWAY_LIMIT_WINDOW_MS = 10_000;
/** …except sending messages, counted per minute: six of the 10-s windows (also when HOSTAWAY_RATE_WINDOW_MS shortens them). */
export const MESSAGES_WINDOW_FACTOR = 6;

/**
 * Sandbox mode only, when ENCRYPTION_KEY is not set: a fixed, public key so `npm run dev`
 * works on a clean checkout. It protects nothing (it is in the source code); the sandbox
 * holds demo data only. Live mode never uses it.
 */
const SANDBOX_DEV_ONLY_ENCRYPTION_KEY = new TextEncoder().encode("hostaway-mcp:sandbox-dev-only-!!");

const origin = z.string().refine(
	(value) => {
		try {
			return new URL(value).origin === value;
		} catch {
			return false;
		}
	},
	{ error: "each entry must be an origin such as https://claude.ai (scheme, host and optional port, no path)" },
);

/**
 * One entry of MCP_API_KEYS: a key for scripts and clients without OAuth. Only the key's SHA-256
 * is configured; `npm run api-key` makes a key and prints its entry.
 */
const ApiKeyEntrySchema = z.strictObject({
	/** A name for the key, shown in the audit trail; unique. */
	id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "id must be 1-64 letters, digits, dots, dashes or underscores" }),
	sha256: z
		.string()
		.regex(/^[0-9a-fA-F]{64}$/, { error: "sha256 must be the key's SHA-256 as 64 hex digits" })
		.transform((value) => value.toLowerCase()),
	/** The Hostaway account the key works on; written as people do, stored canonical (no leading zeros). */
	accountId: z
		.union([z.string(), z.number()])
		.transform((value) => String(value).trim())
		.pipe(z.string().regex(/^0*[1-9]\d{0,11}$/, { error: "accountId must be a Hostaway account id" }))
		.transform((value) => value.replace(/^0+/, "")),
	access: z.enum(["read", "write"], { error: 'access must be "read" or "write"' }),
});

export type ApiKeyEntry = z.output<typeof ApiKeyEntrySchema>;

/** Raw variables as Workers delivers them: strings, possibly absent or empty. */
const RawConfigSchema = z.object({
	HOSTAWAY_BASE_URL: baseUrl.default(LIVE_HOSTAWAY_BASE_URL),
	HOSTAWAY_ACCOUNT_ID: z
		.string()
		.trim()
		.regex(/^\d{1,12}$/, { error: "must be the numeric Hostaway account id (Settings → Hostaway API)" })
		.optional(),
	HOSTAWAY_API_KEY: z.string().trim().min(8, { error: "looks too short to be a Hostaway API key" }).optional(),
	HOSTAWAY_READ_ONLY: booleanFlag.default(false),
	ALLOWED_ORIGINS: z
		.string()
		.default("")
		.transform((value) =>
			value
				.split(",")
				.map((entry) => entry.trim())
				.filter(Boolean),
		)
		.pipe(z.array(origin)),
	SANDBOX_ENABLED: booleanFlag.optional(),
	ENCRYPTION_KEY: z
		.string()
		.trim()
		.transform((value, context) => {
			const bytes = decodeBase64(value);
			if (bytes?.length !== 32) {
				context.addIssue({
					code: "custom",
					message: "must be 32 random bytes, base64-encoded (generate one with `openssl rand -base64 32`)",
				});
				return z.NEVER;
			}
			return bytes;
		})
		.optional(),
	ENCRYPTION_KEY_PREVIOUS: z
		.string()
		.default("")
		.transform((value, context) => {
			const keys: Uint8Array[] = [];
			for (const entry of value
				.split(",")
				.map((part) => part.trim())
				.filter(Boolean)) {
				const bytes = decodeBase64(entry);
				if (bytes?.length !== 32) {
					context.addIssue({
						code: "custom",
						message: "must be a comma-separated list of former ENCRYPTION_KEY values (32 bytes, base64)",
					});
					return z.NEVER;
				}
				keys.push(bytes);
			}
			return keys;
		}),
	WEBHOOK_SECRET: z
		.string()
		.trim()
		.min(32, { error: "must be at least 32 characters (generate one with `openssl rand -base64 32`)" })
		.optional(),
	MCP_API_KEYS: z
		.string()
		.transform((value, context) => {
			try {
				return JSON.parse(value) as unknown;
			} catch {
				context.addIssue({
					code: "custom",
					message: 'must be a JSON array such as [{"id":"ci","sha256":"…","accountId":"12345","access":"read"}]',
				});
				return z.NEVER;
			}
		})
		.pipe(z.array(ApiKeyEntrySchema))
		.superRefine((entries, context) => {
			const ids = entries.map((entry) => entry.id);
			const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
			if (repeated) context.addIssue({ code: "custom", message: `names the key id "${repeated}" twice; key ids must be unique` });
		})
		.optional(),
	LOCAL_DEV_OPEN_ACCESS: booleanFlag.default(false),
	PUBLIC_URL: z
		.string()
		.trim()
		.refine(
			(value) => {
				try {
					const url = new URL(value);
					return (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) && url.pathname === "/";
				} catch {
					return false;
				}
			},
			{ error: "must be the server's public origin, such as https://hostaway-mcp.example.workers.dev (https; http only on localhost)" },
		)
		.transform((value) => new URL(value).origin)
		.optional(),
	HOSTAWAY_RATE_PER_10S: integerVariable(1, 200, "requests per 10 seconds").default(DEFAULT_RATE_PER_10S),
	HOSTAWAY_RATE_IP_PER_10S: integerVariable(0, 200, "requests per 10 seconds").default(DEFAULT_RATE_IP_PER_10S),
	HOSTAWAY_RATE_MESSAGES_PER_MINUTE: integerVariable(1, 30, "messages per minute").default(DEFAULT_MESSAGES_PER_MINUTE),
	HOSTAWAY_RATE_PRICE_QUOTES_PER_10S: integerVariable(1, 400, "price quotes per 10 seconds").default(DEFAULT_PRICE_QUOTES_PER_10S),
	HOSTAWAY_RATE_RESERVATION_CREATES_PER_10S: integerVariable(1, 200, "reservations per 10 seconds").default(
		DEFAULT_RESERVATION_CREATES_PER_10S,
	),
	HOSTAWAY_RATE_MAX_WAIT_MS: integerVariable(0, 30_000, "milliseconds").default(DEFAULT_RATE_MAX_WAIT_MS),
	HOSTAWAY_TIMEOUT_MS: integerVariable(500, 30_000, "milliseconds").default(DEFAULT_TIMEOUT_MS),
	HOSTAWAY_RATE_WINDOW_MS: integerVariable(100, 60_000, "milliseconds").default(HOSTAWAY_LIMIT_WINDOW_MS),
	SANDBOX_TODAY: z
		.string()
		.trim()
		.refine(isCalendarDate, { error: "must be a calendar date as YYYY-MM-DD, such as 2027-03-28" })
		.optional(),
});

export type HostawayMode = "sandbox" | "live";

export interface Config {
	/** `sandbox`: the built-in fake Hostaway, reached in-process. `live`: a Hostaway API over HTTP. */
	hostawayMode: HostawayMode;
	/** The Hostaway API base URL (ends in `/v1`); in sandbox mode, the sandbox's own URL. */
	hostawayBaseUrl: string;
	/** The operator's own Hostaway account, if configured. In sandbox mode, the demo account by default. */
	operatorAccount?: { accountId: string; apiKey: string };
	/** HOSTAWAY_READ_ONLY: every session on the operator's account reads only, whatever its grant or key allows. */
	readOnly: boolean;
	/** Browser origins allowed to call /mcp, besides localhost ones during local development. */
	allowedOrigins: string[];
	/** Whether the sandbox's HTTP routes (/sandbox/v1, control API) are served. */
	sandboxEnabled: boolean;
	/**
	 * AES-256 key (32 bytes) for Hostaway tokens and cached guest data at rest. Undefined in
	 * live mode when ENCRYPTION_KEY is not set: use requireEncryptionKey(), which names it.
	 */
	encryptionKey?: { bytes: Uint8Array; source: "secret" | "sandbox-dev-only" };
	/**
	 * Former encryption keys (ENCRYPTION_KEY_PREVIOUS), newest first: stored tenant credentials
	 * sealed with one of them are still read, and sealed again with the current key.
	 */
	previousEncryptionKeys: Uint8Array[];
	/**
	 * The secret every tenant's webhook credentials are derived from (src/auth/webhook-credentials.ts);
	 * undefined = webhooks answered 503.
	 */
	webhookSecret?: string;
	/** API keys for clients without OAuth (MCP_API_KEYS): SHA-256 of each key, its tenant and access. */
	apiKeys: ApiKeyEntry[];
	/**
	 * Sandbox mode only (LOCAL_DEV_OPEN_ACCESS): a request to /mcp without credentials acts as the
	 * demo tenant, so local tools (MCP Inspector, the conformance suite) work without signing in.
	 */
	localDevOpenAccess: boolean;
	/**
	 * The server's public origin (PUBLIC_URL): OAuth tokens are bound to `<origin>/mcp`. Undefined =
	 * the origin each request arrived on (fine for one hostname; set it when there are several).
	 */
	publicOrigin?: string;
	/**
	 * Every tenant's share of Hostaway's rate limits, enforced by its TenantGate: per counter, at
	 * most `limit` requests in any `windowMs`; a call waits at most `maxWaitMs` for its turn.
	 * `windowMs` is the 10-s counters' window (Hostaway's 10 s; only sandbox mode may shorten it,
	 * so tests that are not about rate limits need not wait for real windows); the messages
	 * counter's minute is six of them. The general counter's `ipLimit` is the deployment's budget
	 * for Hostaway's per-IP counter, shared by the accounts sending at once (0: not shared).
	 */
	rateBudget: {
		counters: Readonly<Record<RateCounter, { limit: number; windowMs: number; ipLimit?: number }>>;
		windowMs: number;
		maxWaitMs: number;
	};
	/** Timeout of one upstream Hostaway request. */
	hostawayTimeoutMs: number;
	/**
	 * Sandbox mode only: the date that is "today" for the sandbox's data and for every
	 * operation (SANDBOX_TODAY), so any day can be tried and tested. Undefined = the real date.
	 */
	sandboxToday?: string;
}

/** One bad variable: its name and what is wrong with it, never its value. */
export interface ConfigProblem {
	variable: string;
	problem: string;
}

export class ConfigError extends Error {
	override name = "ConfigError";
	constructor(readonly problems: readonly ConfigProblem[]) {
		super(`Invalid configuration: ${problems.map(({ variable, problem }) => `${variable} ${problem}`).join("; ")}.`);
	}

	/** The variables to fix, each once. */
	get variables(): string[] {
		return [...new Set(this.problems.map((problem) => problem.variable))];
	}
}

/** The synthetic host the in-process sandbox answers on; never resolved on a network. */
export const SANDBOX_INTERNAL_BASE_URL = "https://sandbox.hostaway.invalid/v1";

/**
 * The sandbox's demo accounts (their credentials are public: they are the sandbox's). In sandbox
 * mode they are always connected tenants, and the sign-in page offers them.
 */
export const SANDBOX_DEMO_ACCOUNTS = [
	{ accountId: "100001", apiKey: "sandbox-demo-key-100001", label: "Harbor & Pine Stays" },
	{ accountId: "100002", apiKey: "sandbox-demo-key-100002", label: "Northwind Rentals" },
	// 520 listings and about 6,000 reservations: how the tools behave on a large portfolio.
	{ accountId: "100003", apiKey: "sandbox-demo-key-100003", label: "Coastline Collective" },
	// Two small generated portfolios: with the three above, five tenants for multi-tenant load (npm run bench).
	{ accountId: "100004", apiKey: "sandbox-demo-key-100004", label: "Bayside Lettings" },
	{ accountId: "100005", apiKey: "sandbox-demo-key-100005", label: "Summit Lodges" },
] as const;

/** The demo account used when sandbox mode is on and no account is configured. */
export const SANDBOX_DEMO_ACCOUNT = { accountId: SANDBOX_DEMO_ACCOUNTS[0].accountId, apiKey: SANDBOX_DEMO_ACCOUNTS[0].apiKey } as const;

/**
 * Parse the Worker's environment. Throws ConfigError naming every bad variable.
 * Empty strings count as absent, as an unset `.dev.vars` line usually means "not set".
 */
export function parseConfig(env: Record<string, unknown>): Config {
	const raw: Record<string, unknown> = {};
	for (const key of Object.keys(RawConfigSchema.shape)) {
		const value = env[key];
		if (typeof value === "string" && value.trim() !== "") raw[key] = value;
		else if (value !== undefined && typeof value !== "string") raw[key] = value;
	}
	const parsed = RawConfigSchema.safeParse(raw);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((issue) => ({
				variable: String(issue.path[0] ?? "configuration"),
				problem: issue.code === "invalid_type" ? "must be a string" : issue.message,
			})),
		);
	}
	const vars = parsed.data;
	const hostawayMode: HostawayMode = vars.HOSTAWAY_BASE_URL === SANDBOX_BASE_URL_KEYWORD ? "sandbox" : "live";
	const problems = [...unpairedVariables(vars), ...(hostawayMode === "live" ? sandboxOnlySettings(vars) : [])];
	if (problems.length > 0) throw new ConfigError(problems);
	const configuredAccount =
		vars.HOSTAWAY_ACCOUNT_ID && vars.HOSTAWAY_API_KEY ? { accountId: vars.HOSTAWAY_ACCOUNT_ID, apiKey: vars.HOSTAWAY_API_KEY } : undefined;

	return {
		hostawayMode,
		hostawayBaseUrl: hostawayMode === "sandbox" ? SANDBOX_INTERNAL_BASE_URL : vars.HOSTAWAY_BASE_URL,
		operatorAccount: configuredAccount ?? (hostawayMode === "sandbox" ? { ...SANDBOX_DEMO_ACCOUNT } : undefined),
		readOnly: vars.HOSTAWAY_READ_ONLY,
		allowedOrigins: vars.ALLOWED_ORIGINS,
		sandboxEnabled: vars.SANDBOX_ENABLED ?? hostawayMode === "sandbox",
		encryptionKey: vars.ENCRYPTION_KEY
			? { bytes: vars.ENCRYPTION_KEY, source: "secret" }
			: hostawayMode === "sandbox"
				? { bytes: SANDBOX_DEV_ONLY_ENCRYPTION_KEY, source: "sandbox-dev-only" }
				: undefined,
		previousEncryptionKeys: vars.ENCRYPTION_KEY_PREVIOUS,
		webhookSecret: vars.WEBHOOK_SECRET,
		apiKeys: vars.MCP_API_KEYS ?? [],
		localDevOpenAccess: vars.LOCAL_DEV_OPEN_ACCESS,
		publicOrigin: vars.PUBLIC_URL,
		rateBudget: rateBudgetOf(vars),
		hostawayTimeoutMs: vars.HOSTAWAY_TIMEOUT_MS,
		sandboxToday: vars.SANDBOX_TODAY,
	};
}

type RawConfig = z.infer<typeof RawConfigSchema>;

function rateBudgetOf(vars: RawConfig): Config["rateBudget"] {
	const windowMs = vars.HOSTAWAY_RATE_WINDOW_MS;
	return {
		counters: {
			general: { limit: vars.HOSTAWAY_RATE_PER_10S, windowMs, ipLimit: vars.HOSTAWAY_RATE_IP_PER_10S },
			messages: { limit: vars.HOSTAWAY_RATE_MESSAGES_PER_MINUTE, windowMs: windowMs * MESSAGES_WINDOW_FACTOR },
			priceQuotes: { limit: vars.HOSTAWAY_RATE_PRICE_QUOTES_PER_10S, windowMs },
			reservationCreates: { limit: vars.HOSTAWAY_RATE_RESERVATION_CREATES_PER_10S, windowMs },
		},
		windowMs,
		maxWaitMs: vars.HOSTAWAY_RATE_MAX_WAIT_MS,
	};
}

/** Variables that only work in pairs, set alone. */
function unpairedVariables(vars: RawConfig): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	for (const pair of [["HOSTAWAY_ACCOUNT_ID", "HOSTAWAY_API_KEY"]] as const) {
		const [first, second] = pair;
		if ((vars[first] === undefined) === (vars[second] === undefined)) continue;
		const missing = vars[first] === undefined ? first : second;
		problems.push({ variable: missing, problem: `is not set; ${first} and ${second} must be set together` });
	}
	return problems;
}

/**
 * Settings that only make sense against the built-in sandbox, refused with a live Hostaway API:
 * a pinned date would make the server misread a real account's bookings, a short window would
 * break Hostaway's limits, the sandbox's routes (a fake Hostaway with an open control API) do
 * not belong next to real data, and plain http would carry the API key and guest data across
 * the network unencrypted (except to this machine, e.g. a local recording proxy).
 */
function sandboxOnlySettings(vars: RawConfig): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	const sandboxOnly = `the built-in sandbox only (HOSTAWAY_BASE_URL=${SANDBOX_BASE_URL_KEYWORD})`;
	if (vars.SANDBOX_TODAY !== undefined) {
		problems.push({
			variable: "SANDBOX_TODAY",
			problem: `is set, but HOSTAWAY_BASE_URL is a live Hostaway API. SANDBOX_TODAY pins the date of ${sandboxOnly}; unset it`,
		});
	}
	if (vars.HOSTAWAY_RATE_WINDOW_MS < HOSTAWAY_LIMIT_WINDOW_MS) {
		problems.push({
			variable: "HOSTAWAY_RATE_WINDOW_MS",
			problem: `is shorter than Hostaway's ${HOSTAWAY_LIMIT_WINDOW_MS} ms window; a shorter window is for ${sandboxOnly}`,
		});
	}
	if (vars.LOCAL_DEV_OPEN_ACCESS) {
		problems.push({
			variable: "LOCAL_DEV_OPEN_ACCESS",
			problem:
				`is true, but HOSTAWAY_BASE_URL is a live Hostaway API. Access without sign-in is for ${sandboxOnly}; ` +
				"set it to false (`npm run dev` turns it on in wrangler.toml's env.dev: put LOCAL_DEV_OPEN_ACCESS=false in .dev.vars)",
		});
	}
	if (vars.SANDBOX_ENABLED === true) {
		problems.push({
			variable: "SANDBOX_ENABLED",
			problem: `is true, but HOSTAWAY_BASE_URL is a live Hostaway API. The sandbox's routes are for ${sandboxOnly}; unset it`,
		});
	}
	const url = new URL(vars.HOSTAWAY_BASE_URL);
	if (url.protocol === "http:" && !isLoopback(url.hostname)) {
		problems.push({
			variable: "HOSTAWAY_BASE_URL",
			problem:
				"uses plain http:// to another machine, which would send the Hostaway API key and guest data unencrypted; " +
				"use https:// (plain http is allowed to this machine only: localhost, 127.0.0.0/8, ::1)",
		});
	}
	return problems;
}

/** localhost, 127.0.0.0/8 or ::1, as a URL's hostname spells them (the URL parser normalises 127.1 and the like). */
function isLoopback(hostname: string): boolean {
	return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The key for secrets at rest. Live mode needs ENCRYPTION_KEY the moment Hostaway is called;
 * it is checked then (and by /health) rather than when parsing, so a server without it still
 * answers: /health and every tool call name the missing variable.
 */
export function requireEncryptionKey(config: Config): Uint8Array {
	if (!config.encryptionKey) {
		throw new ConfigError([
			{
				variable: "ENCRYPTION_KEY",
				problem:
					"is not set. It is required with a live Hostaway API: 32 random bytes, base64-encoded (`openssl rand -base64 32`), " +
					"set with `npx wrangler secret put ENCRYPTION_KEY`",
			},
		]);
	}
	return config.encryptionKey.bytes;
}

const cache = new WeakMap<object, Config>();

/** parseConfig, memoised per env object: Workers hands the same env to every request of an isolate. */
export function getConfig(env: object): Config {
	let config = cache.get(env);
	if (!config) {
		config = parseConfig(env as Record<string, unknown>);
		cache.set(env, config);
	}
	return config;
}
