/**
 * Reads a request body up to a size cap, counting the bytes as they arrive: a sender that omits
 * Content-Length, or states a small one and sends more, is cut off as soon as the cap is passed,
 * so an oversized body never sits whole in memory. A Content-Length already above the cap is
 * refused before anything is read.
 */

export type BodyWithin = { ok: true; bytes: Uint8Array; text(): string } | { ok: false; reason: "too_large" };

export async function readBodyWithin(request: Request, maxBytes: number): Promise<BodyWithin> {
	const declared = Number(request.headers.get("Content-Length"));
	if (Number.isFinite(declared) && declared > maxBytes) return refuse(request);
	if (!request.body) return within(new Uint8Array(0));

	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			// Stop the sender rather than drain what is left.
			await reader.cancel("request body too large").catch(() => undefined);
			return { ok: false, reason: "too_large" };
		}
		chunks.push(value);
	}

	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return within(bytes);
}

function within(bytes: Uint8Array): BodyWithin {
	return { ok: true, bytes, text: () => new TextDecoder().decode(bytes) };
}

/** Refused unread; the stream is cancelled so the runtime need not keep it open. */
async function refuse(request: Request): Promise<BodyWithin> {
	await request.body?.cancel("request body too large").catch(() => undefined);
	return { ok: false, reason: "too_large" };
}
