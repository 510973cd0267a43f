/**
 * Secrets never leave the server: door codes, Wi-Fi credentials, card fields, guest-portal
 * links and Hostaway tokens (ARCHITECTURE.md, invariant 3). Two layers:
 *
 * 1. Every secret value the server sees in a Hostaway record during a call is collected
 *    (`collectFrom`) and removed from the call's whole output, wherever it appears — also
 *    inside message bodies such as automated check-in instructions.
 * 2. Patterns catch secrets the server has not seen as fields: "door code: 4821",
 *    "Wi-Fi password is …", "CVV 123", and card numbers where they stand as card numbers.
 *
 * Neither layer may destroy ordinary data (ARCHITECTURE.md, invariant 9): phone numbers, booking
 * references and other long numbers stay intact, also when a door code equals a phone's last
 * digits (hosts often choose it so) or a phone number happens to pass the card checksum (about
 * one in ten does).
 *
 * Curated projections never copy secret fields in the first place; this is the safety net.
 */

import { escapeGuestText, UNTRUSTED_CLOSE, UNTRUSTED_OPEN } from "./untrusted";

/** The untrusted-text fence's tags, kept whole (a capture group, so split keeps them). */
const FENCE_TAG = new RegExp(`(${UNTRUSTED_OPEN}|${UNTRUSTED_CLOSE})`);

/** Fields of Hostaway listings and reservations whose values are secret. */
export const SECRET_FIELDS = [
	"doorSecurityCode",
	"wifiUsername",
	"wifiPassword",
	"doorCode",
	"doorCodeInstruction",
	"ccNumber",
	"ccName",
	"ccExpirationYear",
	"ccExpirationMonth",
	"cvc",
	"guestPortalUrl",
	"guestAuthHash",
	"access_token",
] as const;

export const REDACTED = "[redacted]";

const MIN_SECRET_LENGTH = 3;
/** One word as prose writes it: lower case, perhaps capitalised, not too long ("guest", "Welcome"). */
const ORDINARY_WORD = /^\p{Lu}?\p{Ll}{2,11}$/u;

const CODE_PATTERN =
	/\b((?:door|lock|gate|entry|access|entrance|keypad|key ?box|lockbox|building|garage|alarm)[\s-]*(?:code|pin|password|combination)s?\b)(\s*(?:is|=|:|-|–)?\s*#?\s*)([A-Za-z0-9#*]{3,16})/gi;
const WIFI_PATTERN =
	/\b((?:wi-?fi|wlan|wireless|network)[\s-]*(?:password|passcode|pass|pw|key|code)\b)(\s*(?:is|=|:|-|–)?\s*)(\S{3,64})/gi;
/** "CVV 123", "cvc: 4321": a card's security code, announced. */
const CARD_SECURITY_CODE_PATTERN = /\b((?:cvv|cvc|cvn|csc)2?|card security code)(\s*(?:is|=|:|-|–)?\s*#?\s*)(\d{3,4})(?!\d)/gi;

export class SecretRedactor {
	private readonly secrets = new Set<string>();
	/**
	 * The known secrets by their first character, longest first, each with its boundary rules
	 * (secretPattern) as a sticky pattern; rebuilt when a secret is added. One alternation of
	 * every secret was tried at every position of the output: a call on a large portfolio
	 * collects thousands (door codes of every reservation read) and took minutes to redact.
	 */
	private knownSecrets: Map<string, { secret: string; bounded: RegExp }[]> | null = null;

	/**
	 * Remembers a secret value so it is removed from all output of this call, also where it
	 * stands in escaped guest text (a password with "&" or "<" is shown as an entity there).
	 * A value that reads as an ordinary word ("guest", "Welcome" as a Wi-Fi name) is not hunted
	 * through free text, where it would cut every "guest" out of every message: it is only kept
	 * out as a field.
	 */
	add(value: unknown): void {
		if (typeof value === "number") value = String(value);
		if (typeof value !== "string") return;
		const trimmed = value.trim();
		if (trimmed.length < MIN_SECRET_LENGTH || ORDINARY_WORD.test(trimmed)) return;
		for (const form of new Set([trimmed, escapeGuestText(trimmed)])) {
			if (this.secrets.has(form)) continue;
			this.secrets.add(form);
			this.knownSecrets = null;
		}
	}

	/** Remembers the secret fields of a Hostaway record (listing, reservation, or nested ones). */
	collectFrom(record: unknown): void {
		if (!record || typeof record !== "object") return;
		if (Array.isArray(record)) {
			for (const item of record) this.collectFrom(item);
			return;
		}
		for (const [key, value] of Object.entries(record)) {
			if ((SECRET_FIELDS as readonly string[]).includes(key)) this.add(value);
			else if (value && typeof value === "object") this.collectFrom(value);
		}
	}

	/** The text without secrets. Fence tags are kept as they are: a secret never cuts into one. */
	redactText(text: string): string {
		return text
			.split(FENCE_TAG)
			.map((part) => (part === UNTRUSTED_OPEN || part === UNTRUSTED_CLOSE ? part : this.redactFree(part)))
			.join("");
	}

	private redactFree(text: string): string {
		let result = this.secrets.size > 0 ? this.redactKnown(text) : text;
		result = result.replace(CODE_PATTERN, redactLabelledValue);
		result = result.replace(WIFI_PATTERN, redactLabelledValue);
		result = result.replace(CARD_SECURITY_CODE_PATTERN, redactLabelledValue);
		return redactCardNumbers(result);
	}

	/**
	 * Every known secret replaced, scanning once from the left: at each position the secrets
	 * starting with its character are tried, longest first (a secret that contains another is
	 * removed whole), a literal comparison before the boundary rules.
	 */
	private redactKnown(text: string): string {
		this.knownSecrets ??= indexByFirstCharacter(this.secrets);
		let result = "";
		let copiedUpTo = 0;
		for (let i = 0; i < text.length;) {
			const match = this.knownSecrets.get(text[i] as string)?.find(({ secret, bounded }) => {
				if (!text.startsWith(secret, i)) return false;
				bounded.lastIndex = i;
				return bounded.test(text);
			});
			if (!match) {
				i++;
				continue;
			}
			result += text.slice(copiedUpTo, i) + REDACTED;
			i += match.secret.length;
			copiedUpTo = i;
		}
		return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
	}

	/** Redacts every string inside a JSON-like value; drops secret fields outright. */
	redactDeep<T>(value: T): T {
		if (typeof value === "string") return this.redactText(value) as T;
		if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
		if (value && typeof value === "object") {
			const out: Record<string, unknown> = {};
			for (const [key, inner] of Object.entries(value)) {
				if ((SECRET_FIELDS as readonly string[]).includes(key)) continue;
				out[key] = this.redactDeep(inner);
			}
			return out as T;
		}
		return value;
	}
}

function indexByFirstCharacter(secrets: Iterable<string>): Map<string, { secret: string; bounded: RegExp }[]> {
	const index = new Map<string, { secret: string; bounded: RegExp }[]>();
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		const first = secret[0] as string;
		const entries = index.get(first) ?? [];
		entries.push({ secret, bounded: new RegExp(secretPattern(secret), "uy") });
		index.set(first, entries);
	}
	return index;
}

/** How an international phone number begins: "+" (E.164) or the "00" dialling prefix. */
const PHONE_PREFIX = String.raw`(?:\+|\b00(?=[1-9]))`;
/** The digits and separators people write phone numbers with, up to E.164's 15 digits. */
const PHONE_CHARACTERS = String.raw`[\d ().-]{0,20}`;

/**
 * Where a phone number is under way, as a lookbehind: after an international prefix and nothing
 * but phone characters, or after two groups of digits so separated, as in "(0151) 2345 6789" or
 * "555 010 4821".
 */
const PHONE_UNDER_WAY = String.raw`(?:${PHONE_PREFIX}${PHONE_CHARACTERS}|\(?\d{2,5}\)?[ .-]\d{2,5}[ .-])`;

/**
 * A secret that begins or ends with a digit is not matched inside a longer number, a date, a
 * time or a phone number: door codes are often four digits, and "4821" must not eat the middle
 * of booking id 41048217, the end of the guest's phone number +1 555 010 4821, or the year of
 * every date when a code is "2026".
 */
function secretPattern(secret: string): string {
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	// A secret that starts or ends with a letter or digit is a whole word: "Harbor42" is not cut
	// out of "Harbor420", nor a Wi-Fi name out of a longer word.
	const wordBefore = /^[\p{L}\p{N}]/u.test(secret) ? "(?<![\\p{L}\\p{N}])" : "";
	const wordAfter = /[\p{L}\p{N}]$/u.test(secret) ? "(?![\\p{L}\\p{N}])" : "";
	const before = /^\d/.test(secret) ? `(?<!\\d[-.,:/])(?<!${PHONE_UNDER_WAY})` : "";
	const after = /\d$/.test(secret) ? "(?![-.,:/]\\d)" : "";
	return `${wordBefore}${before}${escaped}${wordAfter}${after}`;
}

/**
 * "door code: 4821", "door code is abc", "wifi password Palm$Tree2" are secrets; "the door code
 * and the Wi-Fi password" is a sentence. A value counts when a separator (":", "=", "is", "-")
 * announces it, or when it does not look like a plain word (it has a digit or a symbol).
 */
function redactLabelledValue(match: string, label: string, separator: string, value: string): string {
	const announced = /[:=–-]|\bis\b/i.test(separator);
	const wordLike = /^[A-Za-z]+$/.test(value);
	return announced || !wordLike ? `${label}${separator}${REDACTED}` : match;
}

/*
 * Card numbers. A run of 13–19 digits is a card number only where it stands as one: in a card's
 * grouping (4-4-4-4, 4-4-4-4-3, Amex's 4-6-5, Diners' 4-6-4, with spaces or dashes), or, as one
 * plain run, with a card word nearer than any phone or reference word. Either way it must pass
 * the card checksum (Luhn), must not start with 0 (no card network issues such numbers; "00" is
 * the international call prefix), and must not continue a phone number. Everything else is
 * ordinary data: phone numbers, channel reservation ids, confirmation codes, order numbers.
 */

/** Card-shaped digits that are not part of a longer number (a date, an IBAN, a tracking number). */
const CARD_CANDIDATE =
	/(?<!\w|\d[ .,/:-])(?:(?<run>\d{13,19})|(?:\d{4}(?<sep>[ -])\d{4}\k<sep>\d{4}\k<sep>\d{4}(?:\k<sep>\d{3})?|\d{4}(?<amexSep>[ -])\d{6}\k<amexSep>\d{4,5})(?! \d{4}))(?!\w)(?![.,/:-]\d)/g;

const CONTEXT_WORDS = new RegExp(
	[
		String.raw`(?<card>\b(?:(?:credit|debit|payment|virtual) )?card(?:holder)?s?\b|\bcc\b|\bvisa\b|\bmaster ?card\b|\bamex\b|\bamerican express\b|\bdiscover\b|\bmaestro\b|\bdiners\b|\bjcb\b|\bunion ?pay\b|\b(?:cvv|cvc)2?\b)`,
		String.raw`(?<phone>\b(?:tele?phone|phone|tel|mobile|mob|cell|whats ?app|call|sms|fax)\b)`,
		String.raw`(?<reference>\b(?:reservation|booking|confirmation|conf|ref|reference|id|order|itinerary|invoice|tracking)\b)`,
	].join("|"),
	"gi",
);
/** How far from a plain digit run a word still says what the run is. */
const CONTEXT_REACH = 40;
/** E.164: a phone number has at most 15 digits, country code included. */
const MAX_PHONE_DIGITS = 15;
const PHONE_SO_FAR = new RegExp(`${PHONE_PREFIX}(${PHONE_CHARACTERS})$`);

function redactCardNumbers(text: string): string {
	return text.replace(CARD_CANDIDATE, (candidate: string, ...rest: unknown[]) => {
		const groups = rest.at(-1) as { run?: string };
		const offset = rest.at(-3) as number;
		return isCardNumber(text, candidate, offset, groups.run !== undefined) ? REDACTED : candidate;
	});
}

function isCardNumber(text: string, candidate: string, offset: number, plainRun: boolean): boolean {
	const digits = candidate.replace(/\D/g, "");
	if (digits.startsWith("0") || continuesPhoneNumber(text.slice(Math.max(0, offset - CONTEXT_REACH), offset), digits)) return false;
	if (plainRun) return isLuhnValid(digits) && nearestContext(text, offset, candidate.length) === "card";
	// A 16-digit card followed by its 3-digit security code looks like the 19-digit grouping.
	return isLuhnValid(digits) || isLuhnValid(digits.slice(0, 16));
}

/** "+46 70 131 700 318": the candidate completes a number begun with "+" or "00", within E.164's length. */
function continuesPhoneNumber(before: string, digits: string): boolean {
	const phone = PHONE_SO_FAR.exec(before);
	return phone !== null && phone[1]!.replace(/\D/g, "").length + digits.length <= MAX_PHONE_DIGITS;
}

/** The kind of word nearest to text[offset, offset + length) within CONTEXT_REACH on either side. */
function nearestContext(text: string, offset: number, length: number): "card" | "phone" | "reference" | undefined {
	const from = Math.max(0, offset - CONTEXT_REACH);
	const to = Math.min(text.length, offset + length + CONTEXT_REACH);
	let nearest: { kind: "card" | "phone" | "reference"; distance: number } | undefined;
	for (const match of text.slice(from, to).matchAll(CONTEXT_WORDS)) {
		const start = from + match.index;
		const end = start + match[0].length;
		if (end > offset && start < offset + length) continue;
		const distance = end <= offset ? offset - end : start - (offset + length);
		const kind = match.groups?.card ? "card" : match.groups?.phone ? "phone" : "reference";
		if (!nearest || distance < nearest.distance) nearest = { kind, distance };
	}
	return nearest?.kind;
}

function isLuhnValid(digits: string): boolean {
	if (digits.length < 13 || digits.length > 19) return false;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}
