/** The configuration variables of the Hostaway client, its rate budget, encryption and webhooks. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, requireEncryptionKey } from "../../src/config";

function errorOf(env: Record<string, unknown>): string {
	try {
		parseConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error("expected a ConfigError");
}

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, index) => index)));

describe("Hostaway client configuration", () => {
	it("defaults to 14 requests per 10 s, a 5 s wait bound and an 8 s timeout", () => {
		expect(parseConfig({})).toMatchObject({ rateBudget: { requestsPer10s: 14, maxWaitMs: 5000 }, hostawayTimeoutMs: 8000 });
		expect(parseConfig({ HOSTAWAY_RATE_PER_10S: "10", HOSTAWAY_RATE_MAX_WAIT_MS: "0", HOSTAWAY_TIMEOUT_MS: "2500" })).toMatchObject({
			rateBudget: { requestsPer10s: 10, maxWaitMs: 0 },
			hostawayTimeoutMs: 2500,
		});
	});

	it("names a rate budget Hostaway would refuse", () => {
		expect(errorOf({ HOSTAWAY_RATE_PER_10S: "25" })).toContain("HOSTAWAY_RATE_PER_10S must be at most 20");
		expect(errorOf({ HOSTAWAY_RATE_PER_10S: "many" })).toContain("HOSTAWAY_RATE_PER_10S");
		expect(errorOf({ HOSTAWAY_RATE_MAX_WAIT_MS: "60000" })).toContain("HOSTAWAY_RATE_MAX_WAIT_MS");
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

	it("takes webhook credentials together, with a password long enough", () => {
		expect(parseConfig({}).webhookCredentials).toBeUndefined();
		expect(parseConfig({ WEBHOOK_USERNAME: "hooks", WEBHOOK_PASSWORD: "a-long-password" }).webhookCredentials).toEqual({
			username: "hooks",
			password: "a-long-password",
		});
		expect(errorOf({ WEBHOOK_USERNAME: "hooks" })).toContain("WEBHOOK_PASSWORD");
		expect(errorOf({ WEBHOOK_USERNAME: "hooks", WEBHOOK_PASSWORD: "short" })).toContain("WEBHOOK_PASSWORD must be at least 12");
	});
});
