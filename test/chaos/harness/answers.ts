// Answers in a line: how many of each kind (`3 × 503 AR, 1 × no answer (ECONNRESET)`).
import type { Answer } from './senders.ts';

export function kindOf(answer: Answer): string {
  if (answer.status === 0) return `no answer (${answer.error ?? 'error'})`;
  return answer.code === undefined ? String(answer.status) : `${answer.status} ${answer.code}`;
}

export function summariseAnswers(answers: readonly Answer[]): string {
  if (answers.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(kindOf(answer), (counts.get(kindOf(answer)) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} × ${kind}`).join(', ');
}
