/**
 * The server's configuration (src/config.ts): every variable, its default, and one message
 * naming each bad variable, never its value.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, LIVE_HOSTAWAY_BASE_URL, parseConfig, requireEncryptionKey } from "../src/config";

function configErrorOf(env: Record<string, unknown>): ConfigError {
	try {
		parseConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return error as ConfigError;
	}
	throw new Error("expected a ConfigError");
}

function errorOf(env: Record<string, unknown>): string {
	return configErrorOf(env).message;
}

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, index) => index)));

describe("configuration", () => {
	it("defaults to the real Hostaway API with no account and the sandbox routes off", () => {
		const config = parseConfig({});
		expect(config).toMatchObject({
			hostawayMode: "live",
			hostawayBaseUrl: LIVE_HOSTAWAY_BASE_URL,
			readOnly: false,
			sandboxEnabled: false,
			allowedOrigins: [],
		});
		expect(config.operatorAccount).toBeUndefined();
	});

	it("selects the in-process sandbox and its demo account for HOSTAWAY_BASE_URL=sandbox", () => {
		const config = parseConfig({ HOSTAWAY_BASE_URL: "sandbox" });
		expect(config.hostawayMode).toBe("sandbox");
		expect(config.sandboxEnabled).toBe(true);
		expect(config.operatorAccount?.accountId).toBe("100001");
	});

	it("talks to any configured URL, loopback included, without a trailing slash", () => {
		const config = parseConfig({ HOSTAWAY_BASE_URL: "http://127.0.0.1:9999/v1/" });
		expect(config.hostawayMode).toBe("live");
		expect(config.hostawayBaseUrl).toBe("http://127.0.0.1:9999/v1");
	});

	it("treats empty values as unset", () => {
		expect(parseConfig({ HOSTAWAY_BASE_URL: "  ", HOSTAWAY_ACCOUNT_ID: "" }).hostawayMode).toBe("live");
	});

	it("names a malformed variable and does not echo its value", () => {
		const message = errorOf({ HOSTAWAY_BASE_URL: "ftp://secret-host.example/v1" });
		expect(message).toContain("HOSTAWAY_BASE_URL");
		expect(message).not.toContain("secret-host");
	});

	it("names every malformed variable at once", () => {
		const message = errorOf({ HOSTAWAY_ACCOUNT_ID: "abc", HOSTAWAY_API_KEY: "key-long-enough", HOSTAWAY_READ_ONLY: "maybe" });
		expect(message).toContain("HOSTAWAY_ACCOUNT_ID");
		expect(message).toContain("HOSTAWAY_READ_ONLY");
	});

	it("requires the account id and API key together", () => {
		expect(errorOf({ HOSTAWAY_ACCOUNT_ID: "12345" })).toContain("HOSTAWAY_API_KEY");
		expect(errorOf({ HOSTAWAY_API_KEY: "a-long-api-key" })).toContain("HOSTAWAY_ACCOUNT_ID");
	});

	it("uses the operator's account and read-only switch", () => {
		const config = parseConfig({ HOSTAWAY_ACCOUNT_ID: "12345", HOSTAWAY_API_KEY: "a-long-api-key", HOSTAWAY_READ_ONLY: "true" });
		expect(config.operatorAccount).toEqual({ accountId: "12345", apiKey: "a-long-api-key" });
		expect(config.readOnly).toBe(true);
	});

	it("accepts a list of origins and refuses entries with a path", () => {
		expect(parseConfig({ ALLOWED_ORIGINS: "https://claude.ai, https://example.com:8443" }).allowedOrigins).toEqual([
			"https://claude.ai",
			"https://example.com:8443",
		]);
		expect(errorOf({ ALLOWED_ORIGINS: "https://claude.ai/chat" })).toContain("ALLOWED_ORIGINS");
	});
});

describe("Hostaway client configuration", () => {
	it("defaults to a little under Hostaway's documented limit on each counter, a 25 s wait bound and an 8 s timeout", () => {
		expect(parseConfig({})).toMatchObject({
			rateBudget: {
				counters: {
					general: { limit: 190, windowMs: 10_000, ipLimit: 190 },
					messages: { limit: 28, windowMs: 60_000 },
					priceQuotes: { limit: 380, windowMs: 10_000 },
					reservationCreates: { limit: 190, windowMs: 10_000 },
				},
				windowMs: 10_000,
				maxWaitMs: 25_000,
			},
			hostawayTimeoutMs: 8000,
		});
		expect(
			parseConfig({
				HOSTAWAY_RATE_PER_10S: "10",
				HOSTAWAY_RATE_IP_PER_10S: "0",
				HOSTAWAY_RATE_MESSAGES_PER_MINUTE: "5",
				HOSTAWAY_RATE_PRICE_QUOTES_PER_10S: "40",
				HOSTAWAY_RATE_RESERVATION_CREATES_PER_10S: "3",
				HOSTAWAY_RATE_MAX_WAIT_MS: "0",
				HOSTAWAY_TIMEOUT_MS: "2500",
			}),
		).toMatchObject({
			rateBudget: {
				counters: {
					general: { limit: 10, windowMs: 10_000, ipLimit: 0 },
					messages: { limit: 5, windowMs: 60_000 },
					priceQuotes: { limit: 40, windowMs: 10_000 },
					reservationCreates: { limit: 3, windowMs: 10_000 },
				},
				maxWaitMs: 0,
			},
			hostawayTimeoutMs: 2500,
		});
	});

	it("lets only the sandbox count its budget in a window shorter than Hostaway's 10 s", () => {
		const shortened = parseConfig({ HOSTAWAY_BASE_URL: "sandbox", HOSTAWAY_RATE_WINDOW_MS: "1000" }).rateBudget;
		expect(shortened.windowMs).toBe(1000);
		// Every 10-s counter is shortened alike; the messages counter's minute in proportion.
		expect(shortened.counters).toMatchObject({
			general: { windowMs: 1000 },
			priceQuotes: { windowMs: 1000 },
			reservationCreates: { windowMs: 1000 },
			messages: { windowMs: 6000 },
		});
		expect(parseConfig({ HOSTAWAY_RATE_WINDOW_MS: "20000" }).rateBudget.windowMs).toBe(20_000);
		const message = errorOf({ HOSTAWAY_RATE_WINDOW_MS: "1000" });
		expect(message).toContain("HOSTAWAY_RATE_WINDOW_MS");
		expect(message).toContain("sandbox");
		expect(errorOf({ HOSTAWAY_BASE_URL: "sandbox", HOSTAWAY_RATE_WINDOW_MS: "5" })).toContain(
			"HOSTAWAY_RATE_WINDOW_MS must be at least 100",
		);
	});

	it("names a rate budget Hostaway would refuse", () => {
		expect(errorOf({ HOSTAWAY_RATE_PER_10S: "201" })).toContain("HOSTAWAY_RATE_PER_10S must be at most 200");
		expect(errorOf({ HOSTAWAY_RATE_PER_10S: "many" })).toContain("HOSTAWAY_RATE_PER_10S");
		expect(errorOf({ HOSTAWAY_RATE_PER_10S: "0" })).toContain("HOSTAWAY_RATE_PER_10S must be at least 1");
		expect(errorOf({ HOSTAWAY_RATE_IP_PER_10S: "201" })).toContain("HOSTAWAY_RATE_IP_PER_10S must be at most 200");
		expect(errorOf({ HOSTAWAY_RATE_MESSAGES_PER_MINUTE: "31" })).toContain("HOSTAWAY_RATE_MESSAGES_PER_MINUTE must be at most 30");
		expect(errorOf({ HOSTAWAY_RATE_PRICE_QUOTES_PER_10S: "401" })).toContain("HOSTAWAY_RATE_PRICE_QUOTES_PER_10S must be at most 400");
		expect(errorOf({ HOSTAWAY_RATE_RESERVATION_CREATES_PER_10S: "201" })).toContain(
			"HOSTAWAY_RATE_RESERVATION_CREATES_PER_10S must be at most 200",
		);
		expect(errorOf({ HOSTAWAY_RATE_MAX_WAIT_MS: "30001" })).toContain("HOSTAWAY_RATE_MAX_WAIT_MS must be at most 30000");
	});

	it("requires ENCRYPTION_KEY with a live Hostaway API, naming it, when Hostaway is first needed", () => {
		const live = parseConfig({ HOSTAWAY_BASE_URL: "https://api.hostaway.com/v1" });
		expect(() => requireEncryptionKey(live)).toThrowError(ConfigError);
		expect(() => requireEncryptionKey(live)).toThrowError(/ENCRYPTION_KEY/);
		const configured = parseConfig({ ENCRYPTION_KEY: KEY });
		expect(requireEncryptionKey(configured)).toHaveLength(32);
		expect(configured.encryptionKey?.source).toBe("secret");
	});

	it("refuses a malformed ENCRYPTION_KEY without echoing it", () => {
		const message = errorOf({ ENCRYPTION_KEY: "short-secret-value" });
		expect(message).toContain("ENCRYPTION_KEY");
		expect(message).not.toContain("short-secret-value");
		expect(errorOf({ ENCRYPTION_KEY: btoa("sixteen bytes!!!") })).toContain("32 random bytes");
	});

	it("uses a labelled development-only key in sandbox mode when none is set", () => {
		const sandbox = parseConfig({ HOSTAWAY_BASE_URL: "sandbox" });
		expect(sandbox.encryptionKey?.source).toBe("sandbox-dev-only");
		expect(requireEncryptionKey(sandbox)).toHaveLength(32);
		expect(parseConfig({ HOSTAWAY_BASE_URL: "sandbox", ENCRYPTION_KEY: KEY }).encryptionKey?.source).toBe("secret");
	});

	it("takes a webhook secret long enough, never echoing a bad one", () => {
		expect(parseConfig({}).webhookSecret).toBeUndefined();
		const secret = "a-webhook-secret-of-at-least-32-characters";
		expect(parseConfig({ WEBHOOK_SECRET: ` ${secret} ` }).webhookSecret).toBe(secret);
		const message = errorOf({ WEBHOOK_SECRET: "short-webhook-secret" });
		expect(message).toContain("WEBHOOK_SECRET must be at least 32 characters");
		expect(message).not.toContain("short-webhook-secret");
	});
});

describe("SANDBOX_TODAY", () => {
	it("pins the business date in sandbox mode; unset or empty means the real date", () => {
		expect(parseConfig({ HOSTAWAY_BASE_URL: "sandbox", SANDBOX_TODAY: "2028-02-29" }).sandboxToday).toBe("2028-02-29");
		expect(parseConfig({ HOSTAWAY_BASE_URL: "sandbox", SANDBOX_TODAY: "" }).sandboxToday).toBeUndefined();
		expect(parseConfig({ HOSTAWAY_BASE_URL: "sandbox" }).sandboxToday).toBeUndefined();
	});

	it("names a value that is not a calendar date", () => {
		for (const value of ["2027-02-29", "2027-3-28", "tomorrow", "2027-13-01"]) {
			const message = errorOf({ HOSTAWAY_BASE_URL: "sandbox", SANDBOX_TODAY: value });
			expect(message, value).toContain("SANDBOX_TODAY must be a calendar date");
		}
	});

	it("is refused with a live Hostaway API, by name", () => {
		for (const url of [LIVE_HOSTAWAY_BASE_URL, "http://127.0.0.1:9999/v1"]) {
			const message = errorOf({ HOSTAWAY_BASE_URL: url, SANDBOX_TODAY: "2027-03-28" });
			expect(message).toContain("SANDBOX_TODAY");
			expect(message).toContain("live Hostaway API");
		}
	});
});

describe("settings refused with a live Hostaway API", () => {
	it("refuses SANDBOX_ENABLED=true, by name, and takes it with the sandbox", () => {
		for (const url of [LIVE_HOSTAWAY_BASE_URL, "http://127.0.0.1:9999/v1"]) {
			const error = configErrorOf({ HOSTAWAY_BASE_URL: url, SANDBOX_ENABLED: "true" });
			expect(error.variables).toEqual(["SANDBOX_ENABLED"]);
			expect(error.message).toContain("SANDBOX_ENABLED");
			expect(error.message).toContain("live Hostaway API");
		}
		expect(parseConfig({ SANDBOX_ENABLED: "false" }).sandboxEnabled).toBe(false);
		expect(parseConfig({ HOSTAWAY_BASE_URL: "sandbox", SANDBOX_ENABLED: "true" }).sandboxEnabled).toBe(true);
	});

	it("refuses a plain http:// URL to another machine, by name and without echoing it", () => {
		for (const url of [
			"http://api.hostaway.com/v1",
			"http://hostaway-proxy.internal.example:8080/v1",
			"http://10.0.0.7/v1",
			"http://[2001:db8::1]/v1",
		]) {
			const error = configErrorOf({ HOSTAWAY_BASE_URL: url });
			expect(error.variables, url).toEqual(["HOSTAWAY_BASE_URL"]);
			expect(error.message, url).toContain("https://");
			expect(error.message, url).not.toContain(new URL(url).hostname);
		}
	});

	it("takes plain http:// to this machine (localhost, 127.0.0.0/8, ::1) and https:// anywhere", () => {
		for (const url of [
			"http://localhost:8080/v1",
			"http://127.0.0.1:9999/v1",
			"http://127.1.2.3/v1",
			"http://[::1]:9999/v1",
			"https://hostaway-proxy.example.com/v1",
		]) {
			expect(parseConfig({ HOSTAWAY_BASE_URL: url }).hostawayBaseUrl, url).toBe(url);
		}
	});
});

describe("ConfigError", () => {
	it("carries the name of every bad variable, and none of their values", () => {
		const unparseable = configErrorOf({ HOSTAWAY_ACCOUNT_ID: "abc", HOSTAWAY_API_KEY: "key-long-enough", HOSTAWAY_READ_ONLY: "maybe" });
		expect(unparseable.variables).toEqual(["HOSTAWAY_ACCOUNT_ID", "HOSTAWAY_READ_ONLY"]);
		const live = configErrorOf({
			HOSTAWAY_BASE_URL: "http://hostaway.example/v1",
			SANDBOX_TODAY: "2027-03-28",
			SANDBOX_ENABLED: "yes",
			HOSTAWAY_ACCOUNT_ID: "424242",
		});
		expect(live.variables.sort()).toEqual(["HOSTAWAY_API_KEY", "HOSTAWAY_BASE_URL", "SANDBOX_ENABLED", "SANDBOX_TODAY"]);
		for (const problem of live.problems) expect(live.message).toContain(`${problem.variable} ${problem.problem}`);
		expect(JSON.stringify(live.problems)).not.toMatch(/hostaway\.example|2027-03-28|424242/);
	});

	it("names ENCRYPTION_KEY when a live server needs it", () => {
		try {
			requireEncryptionKey(parseConfig({}));
			expect.fail("expected a ConfigError");
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			expect((error as ConfigError).variables).toEqual(["ENCRYPTION_KEY"]);
		}
	});
});
