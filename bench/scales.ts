/** The workload sizes, by account count, that `npm run bench -- 1k 10k 100k` chooses from. */
export interface Scale {
  label: string;
  accounts: number;
}

export const SCALES: Record<string, Scale> = {
  '1k': { label: '1k', accounts: 1_000 },
  '10k': { label: '10k', accounts: 10_000 },
  '100k': { label: '100k', accounts: 100_000 },
};

/** What runs without a size argument. */
export const DEFAULT_SCALES = ['1k', '10k', '100k'];
