/**
 * Checks on what a model sees: no secret of the sandbox's data in any output, and guest text
 * inside the untrusted-text fence. Each check fails when it has nothing to check, so a test
 * that collected no output, or knows no secret, cannot pass by accident.
 */
import { expect } from "vitest";
import { UNTRUSTED_TAG } from "../../src/operations/untrusted";
import type { SandboxListing } from "./sandbox-records";

/** Door codes and Wi-Fi credentials of every listing. */
export function listingSecrets(listings: readonly Pick<SandboxListing, "doorSecurityCode" | "wifiUsername" | "wifiPassword">[]): string[] {
	return listings
		.flatMap((listing) => [listing.doorSecurityCode, listing.wifiPassword, listing.wifiUsername])
		.filter((value): value is string => typeof value === "string" && value.length >= 3);
}

/** Field names that must never be serialised into any output. */
const SECRET_FIELDS = ["doorCode", "doorSecurityCode", "wifiPassword", "guestPortalUrl", "guestAuthHash", "ccNumber", "cvc"];

/** None of `secrets`, and no secret field name, occurs in any of `outputs`; both lists must be non-empty. */
export function expectNoSecrets(outputs: readonly string[], secrets: readonly string[]): void {
	expect(outputs.length, "no output was collected to check").toBeGreaterThan(0);
	expect(secrets.length, "no secret is known to look for").toBeGreaterThan(0);
	for (const output of outputs) {
		for (const secret of secrets) expect(output, `output contains the secret ${secret}`).not.toContain(secret);
		for (const field of SECRET_FIELDS) {
			expect(output.includes(`"${field}"`) || output.includes(`\\"${field}\\"`), `output contains the field ${field}`).toBe(false);
		}
	}
}

/** The text with the untrusted-text fence tags removed. */
export function unfenced(text: string | null | undefined): string {
	return (text ?? "").replaceAll(`<${UNTRUSTED_TAG}>`, "").replaceAll(`</${UNTRUSTED_TAG}>`, "");
}

/** The phrase occurs in the text, and every occurrence sits inside an untrusted-text fence. */
export function expectFenced(text: string, phrase: string): void {
	const open = `<${UNTRUSTED_TAG}>`;
	const close = `</${UNTRUSTED_TAG}>`;
	let from = 0;
	let found = 0;
	for (;;) {
		const at = text.indexOf(phrase, from);
		if (at < 0) break;
		found++;
		const before = text.slice(0, at);
		expect(before.lastIndexOf(open), `"${phrase}" is outside a fence`).toBeGreaterThan(before.lastIndexOf(close));
		expect(text.indexOf(close, at), `"${phrase}" has no closing fence`).toBeGreaterThan(at);
		from = at + phrase.length;
	}
	expect(found, `"${phrase}" does not occur`).toBeGreaterThan(0);
}
