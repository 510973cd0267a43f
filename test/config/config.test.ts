import { describe, expect, it } from "vitest";
import { ConfigError, LIVE_HOSTAWAY_BASE_URL, parseConfig } from "../../src/config";

function errorOf(env: Record<string, unknown>): string {
	try {
		parseConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error("expected a ConfigError");
}

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
