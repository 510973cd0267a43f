/**
 * A small seeded random generator (mulberry32), so every seed of an account produces the
 * same portfolio: same ids, same guests, same stays relative to today.
 */
const ALNUM_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const ALNUM_MIXED = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max], both inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[Math.floor(this.next() * items.length)];
		if (item === undefined) throw new Error("pick from an empty list");
		return item;
	}

	/** Picks by weight: `[[value, weight], …]`. */
	weighted<T>(choices: readonly (readonly [T, number])[]): T {
		const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [value, weight] of choices) {
			roll -= weight;
			if (roll < 0) return value;
		}
		const last = choices[choices.length - 1];
		if (!last) throw new Error("weighted pick from an empty list");
		return last[0];
	}

	digits(length: number): string {
		let out = String(this.int(1, 9));
		while (out.length < length) out += String(this.int(0, 9));
		return out;
	}

	hex(length: number): string {
		let out = "";
		while (out.length < length) out += this.int(0, 15).toString(16);
		return out;
	}

	code(length: number, alphabet: "upper" | "mixed" = "upper"): string {
		const letters = alphabet === "upper" ? ALNUM_UPPER : ALNUM_MIXED;
		let out = "";
		while (out.length < length) out += letters[this.int(0, letters.length - 1)];
		return out;
	}

	uuid(): string {
		const hex = this.hex(32);
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	}
}
