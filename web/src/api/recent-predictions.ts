import type { ApiClient } from './client.ts';
import type { Prediction } from './types.ts';

/** The page size the dashboard asks for; the chart follows `next` for more. */
export const predictionPageSize = 50;

/** Up to `count` newest predictions of a deployment, following the log's cursor page by page. */
export async function recentPredictions(api: ApiClient, deployment: string, count: number, signal?: AbortSignal): Promise<Prediction[]> {
  const collected: Prediction[] = [];
  let before: string | undefined;
  while (collected.length < count) {
    const page = await api.predictions({ deployment, limit: Math.min(predictionPageSize, count - collected.length), before }, signal);
    collected.push(...page.predictions);
    if (page.next === null || page.predictions.length === 0) break;
    before = page.next;
  }
  return collected;
}
