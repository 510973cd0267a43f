/**
 * Checks on what a model sees: no secret of the sandbox's data in any output, and guest text
 * inside the untrusted-text fence, escaped so that the fence cannot be closed from inside.
 * Each check fails when it has nothing to check, so a test that collected no output, or knows
 * no secret, cannot pass by accident.
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

const OPEN = `<${UNTRUSTED_TAG}>`;
const CLOSE = `</${UNTRUSTED_TAG}>`;

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/**
 * What an escaped guest text stands for: `&lt;`, `&gt;`, `&amp;` and numeric entities decoded
 * in one pass. Written here independently of the server's escaping, so tests check it.
 */
export function unescapeGuestText(text: string): string {
	return text.replace(/&(?:lt|gt|amp|#x([0-9a-f]+)|#(\d+));/gi, (entity, hex?: string, decimal?: string) => {
		if (hex) return String.fromCodePoint(parseInt(hex, 16));
		if (decimal) return String.fromCodePoint(Number(decimal));
		return ENTITIES[entity.toLowerCase()] as string;
	});
}

export interface FencedParts {
	/** What the guest wrote, fence by fence, with the escaping undone. */
	guestTexts: string[];
	/** The output without its fences and their content. */
	outside: string;
}

/**
 * An output split into its fenced guest texts and the rest. Fails the test unless the fences
 * are sound: every opening tag is closed before anything else opens, no closing tag stands
 * alone, and no character inside a fence is or folds (Unicode compatibility) to an angle
 * bracket, so no tag, real or look-alike, can stand inside one.
 */
export function splitFences(output: string): FencedParts {
	const guestTexts: string[] = [];
	const outside: string[] = [];
	let at = 0;
	for (;;) {
		const open = output.indexOf(OPEN, at);
		const close = output.indexOf(CLOSE, at);
		expect(
			close < 0 || (open >= 0 && open < close),
			`a closing fence tag without an opening one: …${output.slice(close - 60, close + 30)}`,
		).toBe(true);
		if (open < 0) break;
		const start = open + OPEN.length;
		const end = output.indexOf(CLOSE, start);
		expect(end, `a fence that is never closed: ${output.slice(open, open + 80)}…`).toBeGreaterThanOrEqual(0);
		const content = output.slice(start, end);
		expect(content.normalize("NFKD"), "an angle bracket or a look-alike inside a fence").not.toMatch(/[<>]/);
		outside.push(output.slice(at, open));
		guestTexts.push(unescapeGuestText(content));
		at = end + CLOSE.length;
	}
	outside.push(output.slice(at));
	return { guestTexts, outside: outside.join("\n") };
}

/** The guest's text in a fenced value: the fence removed and the escaping undone ("" for null). */
export function unfenced(value: string | null | undefined): string {
	return splitFences(value ?? "").guestTexts.join("");
}

/** The phrase occurs in the output's guest texts, and never outside a fence. */
export function expectFenced(output: string, phrase: string): void {
	const { guestTexts, outside } = splitFences(output);
	expect(
		guestTexts.some((text) => text.includes(phrase)),
		`"${phrase}" does not occur inside a fence`,
	).toBe(true);
	expect(outside, `"${phrase}" occurs outside a fence`).not.toContain(phrase);
}
