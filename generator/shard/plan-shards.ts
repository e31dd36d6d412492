/**
 * Which providers each CI shard generates: a pure function of the providers' spec sizes, so every
 * job of a workflow run (the plan, each shard, the fan-in) computes the same plan. Balanced by the
 * bytes of each provider's spec folder (what lint, bundle and openapi-typescript take time on):
 * largest first, each to the lightest shard so far (ties to the lower index). Deterministic:
 * equal sizes are taken in id order.
 */
export interface ProviderSize {
  id: string;
  bytes: number;
}

export interface Shard {
  /** 1-based, as the workflow's matrix shows it. */
  index: number;
  /** Sorted by id. */
  providers: string[];
  bytes: number;
}

export function planShards(providers: readonly ProviderSize[], shardCount: number): Shard[] {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`the shard count must be a whole number of at least 1, got ${shardCount}`);
  // More shards than providers would start jobs with nothing to do.
  const count = Math.max(1, Math.min(shardCount, providers.length));
  const shards: Shard[] = Array.from({ length: count }, (_, index) => ({ index: index + 1, providers: [], bytes: 0 }));
  const order = [...providers].sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const provider of order) {
    const lightest = shards.reduce((best, shard) => (shard.bytes < best.bytes ? shard : best));
    lightest.providers.push(provider.id);
    lightest.bytes += provider.bytes;
  }
  for (const shard of shards) shard.providers.sort();
  return shards.filter((shard) => shard.providers.length > 0);
}
