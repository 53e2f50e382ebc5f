// The review list: possible matches waiting for a person to decide, oldest first.
import type { ReviewItem, ReviewList } from './ports/index.ts';

export async function listReview(deps: { review: ReviewList }): Promise<ReviewItem[]> {
  return deps.review.list();
}
