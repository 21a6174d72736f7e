/** zxcvbn's scores (0-4) in words; apart from the estimator so that showing a score loads no dictionary. */
export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
