/**
 * A process that holds predictions for review through the real store, as the serving host does:
 * `hold`, and only once it resolved, acknowledge (print) the review ids — one JSON line per batch
 * on stdout. review-durability.test.ts kills it with SIGKILL mid-stream and checks every printed
 * id is in the queue. Arguments: DATABASE_URL [POSTGRES_SCHEMA].
 */
import { monotonicFactory } from 'ulid';
import { createReviewQueue } from '../../../src/app/reviews/review-queue.ts';
import { openStore } from '../../../src/store/store.ts';

const [url, schema] = process.argv.slice(2);
const store = await openStore(url!, schema ? { schema } : {});
const queue = createReviewQueue({ store, clock: () => new Date(), newId: monotonicFactory() });
const deployment = (await store.deployments.findByName('credit'))!;
const version = (await store.versions.findById(deployment.versionId))!;
const newId = monotonicFactory();
for (let batch = 0; ; batch++) {
  // Four rows a request; every other row is in doubt (top probability 0.55 < 0.6) and is held.
  const probabilities = [0.55, 0.95, 0.45, 0.9];
  const holds = await queue.hold({
    deployment,
    version,
    role: 'stable',
    ids: probabilities.map(() => newId()),
    inputs: probabilities.map((_, i) => ({ x: batch * 4 + i })),
    records: probabilities.map((p) => ({ label: p >= 0.5 ? 1 : 0, probabilities: [1 - p, p] })),
    flags: undefined,
    requestId: `b${batch}`,
    startedAt: 0,
    answeredAt: Date.now(),
  });
  process.stdout.write(JSON.stringify(holds.flatMap((h) => (h ? [h.id] : []))) + '\n');
}
