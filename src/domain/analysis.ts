// What analysis decided about an item: its topics with the evidence, its summary and its story.

export interface Evidence {
  term: string;
  where: 'title' | 'text';
  weight: number;
}

export interface ItemAnalysis {
  lang: string | null;
  topics: string[];
  scores: Record<string, number>;
  evidence: Record<string, Evidence[]>;
  /** Null when the item matches no topic. */
  summary: string | null;
  /** The story: the id of its first item. */
  storyId: number;
  analyzedAt: string;
}
