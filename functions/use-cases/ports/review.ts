// The review list: possible matches waiting for a person to decide.

export interface ReviewItem {
  messageKey: string;
  controlId: string;
  sendingFacility: string;
  receivedAt: string;
  score: number;
  candidatePersonId?: string;
  reasons: string[];
}

export interface ReviewList {
  add(item: ReviewItem): Promise<void>;
  list(): Promise<ReviewItem[]>;
}
