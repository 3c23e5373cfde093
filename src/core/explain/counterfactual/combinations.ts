/**
 * Index tuples into lists of ascending costs, in ascending total cost: the cheapest combination
 * first, then the next cheapest… (the k-smallest-sums frontier, kept in a binary heap). A search
 * that stops at the first combination that works has found the cheapest one that works.
 */
export function* cheapestCombinations(costs: readonly (readonly number[])[]): Generator<number[]> {
  if (costs.length === 0 || costs.some((list) => list.length === 0)) return;
  const heap: { sum: number; at: number[] }[] = [];
  const seen = new Set<string>();
  const push = (at: number[]) => {
    const key = at.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    const sum = at.reduce((total, index, list) => total + costs[list]![index]!, 0);
    heap.push({ sum, at });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  push(costs.map(() => 0));
  while (heap.length > 0) {
    const { at } = pop();
    yield at;
    for (let list = 0; list < at.length; list++) {
      if (at[list]! + 1 < costs[list]!.length) push(at.map((index, j) => (j === list ? index + 1 : index)));
    }
  }
}

/** Ties broken by the tuple itself, so the order is the same on every run. */
function before(a: { sum: number; at: number[] }, b: { sum: number; at: number[] }): boolean {
  if (a.sum !== b.sum) return a.sum < b.sum;
  for (let i = 0; i < a.at.length; i++) if (a.at[i] !== b.at[i]) return a.at[i]! < b.at[i]!;
  return false;
}

/** Subsets of `size` items of `items`, in lexicographic order of positions (so the first items' subsets come first). */
export function* subsetsOf<T>(items: readonly T[], size: number): Generator<T[]> {
  if (size > items.length || size <= 0) return;
  const at = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield at.map((i) => items[i]!);
    let i = size - 1;
    while (i >= 0 && at[i] === items.length - size + i) i--;
    if (i < 0) return;
    at[i]!++;
    for (let j = i + 1; j < size; j++) at[j] = at[j - 1]! + 1;
  }
}
