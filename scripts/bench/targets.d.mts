export const TARGETS: Record<string, number>;
export function burstFigures(rateLimits: unknown): {
	calls: number;
	sessions: number;
	answered: number;
	answeredShare: number;
	upstreamRequests: number;
	upstream429: number;
	maxIn10s: number;
	wallMs: number;
	floorMs: number;
	overFloorMs: number;
} | null;
export function evaluateTargets(results: unknown): { id: string; label: string; target: string; measured: string; met: boolean | null }[];
