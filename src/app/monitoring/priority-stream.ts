/**
 * Uniform draws in [0, 1) for the profiles' bottom-k samples: one per row, shared by the row's
 * columns so the columns' samples come from the same rows. A small xorshift generator is enough
 * (the draws only need to be independent of the data) and costs nanoseconds on the serving path.
 */
export function priorityStream(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}
