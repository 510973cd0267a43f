/**
 * Secrets never leave the server: door codes, Wi-Fi credentials, card fields, guest-portal
 * links and Hostaway tokens (ARCHITECTURE.md, invariant 3). Two layers:
 *
 * 1. Every secret value the server sees in a Hostaway record during a call is collected
 *    (`collectFrom`) and removed from the call's whole output, wherever it appears — also
 *    inside message bodies such as automated check-in instructions.
 * 2. Patterns catch secrets the server has not seen as fields: "door code: 4821",
 *    "Wi-Fi password is …", card numbers (Luhn-valid 13–19 digits).
 *
 * Curated projections never copy secret fields in the first place; this is the safety net.
 */

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

const CODE_PATTERN =
	/\b((?:door|lock|gate|entry|access|entrance|keypad|key ?box|lockbox|building|garage|alarm)[\s-]*(?:code|pin|password|combination)s?\b)(\s*(?:is|=|:|-|–)?\s*#?\s*)([A-Za-z0-9#*]{3,16})/gi;
const WIFI_PATTERN =
	/\b((?:wi-?fi|wlan|wireless|network)[\s-]*(?:password|passcode|pass|pw|key|code)\b)(\s*(?:is|=|:|-|–)?\s*)(\S{3,64})/gi;
/** Card numbers as people write them: 13–19 digits in one run, in groups of four, or Amex's 4-6-5. */
const CARD_CANDIDATE = /\b(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{5})\b/g;

export class SecretRedactor {
	private readonly secrets = new Set<string>();
	/** All known secrets as one pattern, rebuilt when a secret is added. */
	private knownSecrets: RegExp | null = null;

	/** Remembers a secret value so it is removed from all output of this call. */
	add(value: unknown): void {
		if (typeof value === "number") value = String(value);
		if (typeof value !== "string") return;
		const trimmed = value.trim();
		if (trimmed.length >= MIN_SECRET_LENGTH && !this.secrets.has(trimmed)) {
			this.secrets.add(trimmed);
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

	redactText(text: string): string {
		let result = text;
		if (this.secrets.size > 0) {
			// Longest first, so a secret that contains another is removed whole.
			this.knownSecrets ??= new RegExp(
				[...this.secrets]
					.sort((a, b) => b.length - a.length)
					.map(secretPattern)
					.join("|"),
				"g",
			);
			result = result.replace(this.knownSecrets, REDACTED);
		}
		result = result.replace(CODE_PATTERN, redactLabelledValue);
		result = result.replace(WIFI_PATTERN, redactLabelledValue);
		result = result.replace(CARD_CANDIDATE, (candidate) => (isLuhnValid(candidate.replace(/[ -]/g, "")) ? REDACTED : candidate));
		return result;
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

/**
 * A secret that begins or ends with a digit is not matched inside a longer number, a date or a
 * time: door codes are often four digits, and "4821" must not eat the middle of booking id
 * 41048217, the end of the guest's phone number, or the year of every date when a code is "2026".
 */
function secretPattern(secret: string): string {
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	const before = /^\d/.test(secret) ? "(?<!\\d)(?<!\\d[-.,:/])" : "";
	const after = /\d$/.test(secret) ? "(?!\\d)(?![-.,:/]\\d)" : "";
	return `${before}${escaped}${after}`;
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
