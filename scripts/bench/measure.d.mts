export interface LogLine {
	accountId: string | null;
	receivedAt: string;
	status: number;
}
export function percentile(values: readonly number[], p: number): number;
export function summarize(timingsMs: readonly number[]): {
	count: number;
	medianMs: number | null;
	p95Ms: number | null;
	maxMs: number | null;
};
export function maxInAnyWindow(
	entries: readonly LogLine[],
	options: { accountId: string; windowMs?: number; fromMs?: number; statuses?: (status: number) => boolean },
): number;
export function accountsIn(entries: readonly LogLine[]): string[];
export function requestWaves<T extends { receivedAt: string; at: string }>(entries: readonly T[]): T[][];
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null;
export function floorMs(requests: number, limit: number, windowMs?: number): number;
export function estimatedTokens(chars: number): number;
