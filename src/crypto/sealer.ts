/**
 * Encryption at rest for Hostaway tokens, cached guest data and the results of completed
 * writes kept for replay (ARCHITECTURE.md invariant 3): AES-256-GCM with a random 96-bit IV
 * per value. The KV key (or another context string) is bound in as additional data, so a
 * value copied under another tenant's key does not decrypt.
 *
 * Sealed format: "v1.<base64url iv>.<base64url ciphertext+tag>".
 */

import { Buffer } from "node:buffer";

const VERSION = "v1";
const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function aesKey(raw: Uint8Array): Promise<CryptoKey> {
	let key = keys.get(raw);
	if (!key) {
		key = crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
		keys.set(raw, key);
	}
	return key;
}

// Buffer's base64url is native code: sealed cache entries run to hundreds of kilobytes, and a
// per-character conversion in JavaScript cost tens of milliseconds per call.
function toBase64Url(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

function fromBase64Url(text: string): Uint8Array {
	return Buffer.from(text, "base64url");
}

export class Sealer {
	constructor(private readonly rawKey: Uint8Array) {}

	async seal(plaintext: string, context: string): Promise<string> {
		const iv = crypto.getRandomValues(new Uint8Array(12));
		const ciphertext = await crypto.subtle.encrypt(
			{ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
			await aesKey(this.rawKey),
			new TextEncoder().encode(plaintext),
		);
		return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
	}

	/** The plaintext, or undefined if the value was sealed with another key or context, or altered. */
	async open(sealed: string, context: string): Promise<string | undefined> {
		const [version, iv, ciphertext] = sealed.split(".");
		if (version !== VERSION || !iv || !ciphertext) return undefined;
		try {
			const plaintext = await crypto.subtle.decrypt(
				{ name: "AES-GCM", iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(context) },
				await aesKey(this.rawKey),
				fromBase64Url(ciphertext),
			);
			return new TextDecoder().decode(plaintext);
		} catch {
			return undefined;
		}
	}
}
