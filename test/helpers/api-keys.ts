/**
 * The API keys the workers tests present: one per sandbox account and access level. vitest.config.ts
 * configures their SHA-256 as MCP_API_KEYS, as an operator would with `npm run api-key`.
 */
export const TEST_API_KEYS = [
	{ id: "read-100001", key: "test-key-read-100001-0123456789", accountId: "100001", access: "read" },
	{ id: "write-100001", key: "test-key-write-100001-0123456789", accountId: "100001", access: "write" },
	{ id: "read-100002", key: "test-key-read-100002-0123456789", accountId: "100002", access: "read" },
	{ id: "write-100002", key: "test-key-write-100002-0123456789", accountId: "100002", access: "write" },
	{ id: "read-100003", key: "test-key-read-100003-0123456789", accountId: "100003", access: "read" },
	// Used only by the test that spends a user's whole request limit (test/auth/abuse-limits.test.ts).
	{ id: "rate-limit-probe", key: "test-key-rate-limit-probe-0123456789", accountId: "100001", access: "read" },
	// Used only by the REST request-limit test (test/rest/rate-limit.test.ts).
	{ id: "rest-rate-limit-probe", key: "test-key-rest-rate-limit-probe-0123456789", accountId: "100001", access: "read" },
] as const;

export function testApiKey(accountId: "100001" | "100002" | "100003", access: "read" | "write"): string {
	const entry = TEST_API_KEYS.find((key) => key.accountId === accountId && key.access === access && key.id.startsWith(access));
	if (!entry) throw new Error(`no test API key for ${accountId}/${access}`);
	return entry.key;
}
