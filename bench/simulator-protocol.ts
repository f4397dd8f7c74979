/** Messages between the benchmark runner and its simulator child process (over Node's IPC channel). */

/** Where the simulators listen and the throw-away credentials both measured processes use. */
export interface SimulatorInfo {
  rocketchat: { url: string; userId: string; authToken: string };
  jelou: { url: string; clientId: string; clientSecret: string };
  imi: { url: string; accessToken: string; teamId: string };
  /** Ids of the seeded Livechat agents, in seed order. */
  agentIds: string[];
}

/** Requests received per platform since the previous `counts` answer. */
export interface UpstreamCounts {
  rocketchat: number;
  jelou: number;
  imi: number;
}

export type HostMessage = { type: 'ready'; info: SimulatorInfo } | { type: 'counts'; counts: UpstreamCounts };
export type RunnerMessage = { type: 'counts' };

export function totalCalls(counts: UpstreamCounts): number {
  return counts.rocketchat + counts.jelou + counts.imi;
}
