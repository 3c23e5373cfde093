/**
 * What the reviewer just decided, said once on the page they move to (the next pending item). A page
 * starts afresh on every navigation, so the message is handed over here rather than in its state.
 */
let pending: string | undefined;

export function announceDecision(text: string): void {
  pending = text;
}

/** The message, once: a later page (or a reload) does not repeat it. */
export function takeDecisionNotice(): string | undefined {
  const text = pending;
  pending = undefined;
  return text;
}
