/**
 * The display order of a question's choices: a permutation seeded by the quiz id and question number, so
 * authors can write the right answer first while the page does not put it first, and the order is the same
 * on every build (saved answers store original indexes, so order changes never corrupt them).
 */
export function choiceOrder(quizId: string, question: number, count: number): number[] {
  let seed = 0x811c9dc5;
  for (const ch of `${quizId}#${question}`) {
    seed ^= ch.codePointAt(0) ?? 0;
    seed = Math.imul(seed, 0x01000193) >>> 0;
  }
  const next = () => {
    // mulberry32: small, fast and good enough to spread answer positions.
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
