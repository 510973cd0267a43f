/**
 * Compares a JSON record with the records of a fixture: same keys in the same order, and
 * every value of a JSON type the capture shows for that key. A key that is null in every
 * captured record says nothing about its type, so any scalar is accepted there. Arrays of
 * objects and nested objects are compared the same way, against all captured items.
 */

type JsonType = "null" | "string" | "number" | "boolean" | "array" | "object";

function typeOf(value: unknown): JsonType {
	if (value === null) return "null";
	if (Array.isArray(value)) return "array";
	return typeof value as JsonType;
}

type JsonRecord = Record<string, unknown>;

export function shapeProblems(actual: unknown, samples: readonly JsonRecord[], where: string): string[] {
	if (typeOf(actual) !== "object") return [`${where}: expected an object, got ${typeOf(actual)}`];
	const record = actual as JsonRecord;
	const expectedKeys = Object.keys(samples[0] ?? {});
	const problems: string[] = [];
	const keys = Object.keys(record);
	if (keys.join(",") !== expectedKeys.join(",")) {
		const missing = expectedKeys.filter((key) => !keys.includes(key));
		const extra = keys.filter((key) => !expectedKeys.includes(key));
		problems.push(
			`${where}: keys differ (missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}${missing.length + extra.length === 0 ? ", order differs" : ""})`,
		);
	}
	for (const key of expectedKeys) {
		if (!(key in record)) continue;
		const captured = new Set(samples.map((sample) => typeOf(sample[key])));
		const type = typeOf(record[key]);
		const onlyNull = captured.size === 1 && captured.has("null");
		const scalar = type === "null" || type === "string" || type === "number";
		if (!captured.has(type) && !(onlyNull && scalar)) {
			problems.push(`${where}.${key}: ${type}, captured as ${[...captured].join("|")}`);
			continue;
		}
		if (type === "array") {
			const items = samples
				.flatMap((sample) => (Array.isArray(sample[key]) ? (sample[key] as unknown[]) : []))
				.filter((item) => typeOf(item) === "object") as JsonRecord[];
			if (items.length > 0) {
				(record[key] as unknown[]).forEach((item, index) => problems.push(...shapeProblems(item, items, `${where}.${key}[${index}]`)));
			}
		}
		if (type === "object") {
			const nested = samples.map((sample) => sample[key]).filter((value) => typeOf(value) === "object") as JsonRecord[];
			problems.push(...shapeProblems(record[key], nested, `${where}.${key}`));
		}
	}
	return problems;
}
